/**
 * Custom field definitions: platform-wide, as in TheHive 4 (managed from the admin organisation).
 * Values live in custom_field_value (see custom-field-values.ts).
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CustomFieldTable, Database } from '../schema.js';

type Db = Kysely<Database>;
export type CustomFieldRow = Selectable<CustomFieldTable>;

export async function listCustomFields(db: Db): Promise<CustomFieldRow[]> {
  return db.selectFrom('custom_field').selectAll().orderBy('name').execute();
}

/** By "~id" or by name (TheHive 4's `reference`). */
export async function findCustomField(db: Db, idOrName: string): Promise<CustomFieldRow | undefined> {
  const id = parseId(idOrName);
  const q = db.selectFrom('custom_field').selectAll();
  return (id !== undefined ? q.where('id', '=', id) : q.where('name', '=', idOrName)).executeTakeFirst();
}

export async function findCustomFieldsByNames(db: Db, names: readonly string[]): Promise<CustomFieldRow[]> {
  if (names.length === 0) return [];
  return db
    .selectFrom('custom_field')
    .selectAll()
    .where('name', 'in', [...new Set(names)])
    .execute();
}

/** Definitions flagged mandatory: every case, alert or template that enforces them must carry a value. */
export async function mandatoryCustomFields(db: Db): Promise<CustomFieldRow[]> {
  return db.selectFrom('custom_field').selectAll().where('mandatory', '=', 1).orderBy('name').execute();
}

export async function insertCustomField(db: Db, row: Insertable<CustomFieldTable>): Promise<CustomFieldRow> {
  return db.insertInto('custom_field').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCustomField(
  db: Db,
  id: number,
  values: Updateable<CustomFieldTable>,
): Promise<void> {
  await db.updateTable('custom_field').set(values).where('id', '=', id).execute();
}

export async function deleteCustomField(db: Db, id: number): Promise<void> {
  await db.deleteFrom('custom_field').where('id', '=', id).execute();
}
