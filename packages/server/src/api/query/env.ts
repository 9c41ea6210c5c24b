/**
 * Builds the query engine's environment for one request: storage dialect, organisation scope and
 * the custom field definitions (a small platform-wide table, read once per query).
 */
import { sql } from 'kysely';
import { type RequestContext, scopeOf } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import type { CustomFieldInfo } from '../../query/resolve-field.js';
import type { QueryEnv } from '../../query/selection.js';

export async function queryEnv(deps: Deps, c: RequestContext): Promise<QueryEnv> {
  const rows = await deps.db.selectFrom('custom_field').select(['id', 'name', 'type']).execute();
  const customFields = new Map<string, CustomFieldInfo>(
    rows.map((r) => [r.name, { id: r.id, type: r.type }]),
  );
  return {
    db: deps.db,
    dialect: deps.config.databaseUrl ? 'postgres' : 'sqlite',
    scope: scopeOf(c),
    customFields,
  };
}

export { sql };
