/**
 * Organisation-defined case and alert statuses, scoped by organisation.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CustomStatusTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

export type CustomStatusRow = Selectable<CustomStatusTable>;
export type StatusKind = 'case' | 'alert';
type Db = Kysely<Database>;

export async function listCustomStatuses(db: Db, scope: Scope, kind: StatusKind): Promise<CustomStatusRow[]> {
  return db
    .selectFrom('custom_status')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('kind', '=', kind)
    .orderBy('order')
    .orderBy('id')
    .execute();
}

/** By `~id` or value. */
export async function findCustomStatus(
  db: Db,
  scope: Scope,
  kind: StatusKind,
  idOrValue: string,
): Promise<CustomStatusRow | undefined> {
  const n = parseId(idOrValue);
  const q = db
    .selectFrom('custom_status')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('kind', '=', kind);
  return (n !== undefined ? q.where('id', '=', n) : q.where('value', '=', idOrValue)).executeTakeFirst();
}

export async function insertCustomStatus(
  db: Db,
  row: Insertable<CustomStatusTable>,
): Promise<CustomStatusRow> {
  return db.insertInto('custom_status').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCustomStatus(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<CustomStatusTable>,
): Promise<void> {
  await db
    .updateTable('custom_status')
    .set(values)
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteCustomStatus(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('custom_status')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', id)
    .execute();
}

/** Whether a case or an alert of the organisation has this status. */
export async function statusInUse(db: Db, scope: Scope, kind: StatusKind, value: string): Promise<boolean> {
  const row = await db
    .selectFrom(kind === 'case' ? 'case' : 'alert')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('status', '=', value)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
