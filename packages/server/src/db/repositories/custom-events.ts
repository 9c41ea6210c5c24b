/**
 * Custom events of case timelines, scoped by organisation.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CustomEventTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseRowVisible } from '../visibility.js';

export type CustomEventRow = Selectable<CustomEventTable>;
type Db = Kysely<Database>;

export async function findCustomEvent(db: Db, scope: Scope, id: string): Promise<CustomEventRow | undefined> {
  const n = parseId(id);
  if (n === undefined) return undefined;
  return db
    .selectFrom('custom_event')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('id', '=', n)
    .executeTakeFirst();
}

export async function customEventsOfCase(db: Db, scope: Scope, caseId: number): Promise<CustomEventRow[]> {
  return db
    .selectFrom('custom_event')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('case_id', '=', caseId)
    .orderBy('date')
    .orderBy('id')
    .execute();
}

export async function insertCustomEvent(db: Db, row: Insertable<CustomEventTable>): Promise<CustomEventRow> {
  return db.insertInto('custom_event').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCustomEvent(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<CustomEventTable>,
): Promise<void> {
  await db
    .updateTable('custom_event')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteCustomEvent(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('custom_event')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function insertCustomEvents(db: Db, rows: Insertable<CustomEventTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('custom_event').values(rows).execute();
}
