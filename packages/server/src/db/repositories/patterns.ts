/**
 * The ATT&CK pattern catalog: platform-wide, like TheHive's (every organisation reads it, platform
 * administrators import it). Unique by `pattern_id`.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PatternTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

export type PatternRow = Selectable<PatternTable>;
type Db = Kysely<Database>;

/** By `~id` or by ATT&CK id (`T1059.001`). */
export async function findPattern(db: Db, idOrPatternId: string): Promise<PatternRow | undefined> {
  const n = parseId(idOrPatternId);
  const q = db.selectFrom('pattern').selectAll();
  if (n !== undefined) return q.where('id', '=', n).executeTakeFirst();
  return q.where('pattern_id', '=', idOrPatternId).executeTakeFirst();
}

export async function findPatternsByIds(db: Db, ids: number[]): Promise<PatternRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pattern')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** The whole catalog keyed by ATT&CK id (an import compares against it). */
export async function patternsByPatternId(db: Db): Promise<Map<string, PatternRow>> {
  const rows = await db.selectFrom('pattern').selectAll().execute();
  return new Map(rows.map((r) => [r.pattern_id, r]));
}

export async function insertPattern(db: Db, row: Insertable<PatternTable>): Promise<PatternRow> {
  return db.insertInto('pattern').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePattern(db: Db, id: number, values: Updateable<PatternTable>): Promise<void> {
  await db.updateTable('pattern').set(values).where('id', '=', id).execute();
}

/** The patterns of a case's procedures (the case already checked in the scope's organisation). */
export async function patternsOfCase(db: Db, scope: Scope, caseId: number): Promise<PatternRow[]> {
  return db
    .selectFrom('pattern')
    .selectAll()
    .where(
      'id',
      'in',
      db
        .selectFrom('procedure')
        .select('pattern_id')
        .where('organisation_id', '=', scope.organisationId)
        .where('case_id', '=', caseId),
    )
    .orderBy('pattern_id')
    .execute();
}

/** How many procedures (of any organisation) record this pattern. */
export async function procedureCountOfPattern(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('procedure')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pattern_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Removes a pattern; its sub-techniques stay, without a parent. */
export async function deletePattern(db: Db, id: number): Promise<void> {
  await db.updateTable('pattern').set({ parent_id: null }).where('parent_id', '=', id).execute();
  await db.deleteFrom('pattern').where('id', '=', id).execute();
}
