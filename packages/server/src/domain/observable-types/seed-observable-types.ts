/**
 * Seeds the built-in observable types (TheHive 4's list) at every start; types already present are
 * left as they are. Called from domain/bootstrap.ts inside its transaction.
 */
import { BUILTIN_OBSERVABLE_TYPES } from '@propolis/core';
import type { Kysely } from 'kysely';
import { insertMissingObservableTypes } from '../../db/repositories/observable-types.js';
import type { Database } from '../../db/schema.js';
import { SYSTEM_LOGIN } from '../context.js';

export async function seedObservableTypes(trx: Kysely<Database>): Promise<string[]> {
  const now = Date.now();
  return insertMissingObservableTypes(
    trx,
    BUILTIN_OBSERVABLE_TYPES.map((t) => ({
      name: t.name,
      is_attachment: t.isAttachment ? 1 : 0,
      is_case_sensitive: t.isCaseSensitive ? 1 : 0,
      builtin: 1,
      created_at: now,
      created_by: SYSTEM_LOGIN,
      updated_at: null,
      updated_by: null,
    })),
  );
}
