/**
 * Builds the query engine's environment for one request: storage dialect, organisation scope and
 * the custom field definitions (a small platform-wide table, read once per query).
 */
import { listCustomFields } from '../../db/repositories/custom-fields.js';
import { type RequestContext, readScopeOf } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import type { CustomFieldInfo } from '../../query/resolve-field.js';
import type { QueryEnv } from '../../query/selection.js';

export async function queryEnv(deps: Deps, c: RequestContext): Promise<QueryEnv> {
  const rows = await listCustomFields(deps.db);
  const customFields = new Map<string, CustomFieldInfo>(
    rows.map((r) => [r.name, { id: r.id, type: r.type }]),
  );
  return {
    db: deps.db,
    dialect: deps.config.databaseUrl ? 'postgres' : 'sqlite',
    scope: readScopeOf(c),
    customFields,
  };
}
