/**
 * Custom field values of cases, alerts and case templates: one row per value, one typed column per
 * kind of value (string_value for string and url, number_value for integer and float,
 * boolean_value as 0/1, date_value as epoch ms). A row whose typed columns are all null is a field
 * that is present without a value (a template listing the fields a case should fill).
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { executePreparedOutsideTransactions } from '../prepared-read.js';
import type { CustomFieldValueTable, Database } from '../schema.js';

type Db = Kysely<Database>;
export type CustomFieldEntity = 'case' | 'alert' | 'caseTemplate';
export type CustomFieldValueRow = Selectable<CustomFieldValueTable>;

/** A value row with its definition's columns, as readers need them. */
export interface CustomFieldValueJoined extends CustomFieldValueRow {
  name: string;
  display_name: string;
  description: string;
  type: string;
}

export async function valuesOf(
  db: Db,
  entityType: CustomFieldEntity,
  entityIds: readonly number[],
): Promise<CustomFieldValueJoined[]> {
  if (entityIds.length === 0) return [];
  const query = db
    .selectFrom('custom_field_value as v')
    .innerJoin('custom_field as f', 'f.id', 'v.field_id')
    .selectAll('v')
    .select(['f.name', 'f.display_name', 'f.description', 'f.type'])
    .where('v.entity_type', '=', entityType)
    .where('v.entity_id', 'in', [...new Set(entityIds)])
    .orderBy('v.entity_id')
    .orderBy('v.order')
    .orderBy('v.id');
  // One entity's values (an alert's or a case's page) is a text of its own, planned once per
  // connection (db/prepared-read.ts); lists of any length keep their unnamed texts.
  return new Set(entityIds).size === 1 ? executePreparedOutsideTransactions(db, query) : query.execute();
}

export async function insertValues(db: Db, rows: Insertable<CustomFieldValueTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('custom_field_value').values(rows).execute();
}

/** Deletes the values of entities; only those of the given fields when `fieldIds` is set. */
export async function deleteValues(
  db: Db,
  entityType: CustomFieldEntity,
  entityIds: readonly number[],
  fieldIds?: readonly number[],
): Promise<void> {
  if (entityIds.length === 0 || (fieldIds && fieldIds.length === 0)) return;
  let q = db
    .deleteFrom('custom_field_value')
    .where('entity_type', '=', entityType)
    .where('entity_id', 'in', [...entityIds]);
  if (fieldIds) q = q.where('field_id', 'in', [...fieldIds]);
  await q.execute();
}

/** One value row by id, scoped by organisation. */
export async function findValueById(
  db: Db,
  organisationId: number,
  id: number,
): Promise<CustomFieldValueRow | undefined> {
  return db
    .selectFrom('custom_field_value')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function deleteValueById(db: Db, organisationId: number, id: number): Promise<void> {
  await db
    .deleteFrom('custom_field_value')
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .execute();
}

export async function deleteValuesOfField(db: Db, fieldId: number): Promise<void> {
  await db.deleteFrom('custom_field_value').where('field_id', '=', fieldId).execute();
}

/** How many values use a field, per kind of entity; within one organisation when given. */
export async function valueCountsOfField(
  db: Db,
  fieldId: number,
  organisationId?: number,
): Promise<Record<string, number>> {
  let q = db
    .selectFrom('custom_field_value')
    .select(['entity_type', (eb) => eb.fn.countAll<number>().as('count')])
    .where('field_id', '=', fieldId);
  if (organisationId !== undefined) q = q.where('organisation_id', '=', organisationId);
  const rows = await q.groupBy('entity_type').execute();
  return Object.fromEntries(rows.map((r) => [r.entity_type, Number(r.count)]));
}

export async function fieldInUse(db: Db, fieldId: number): Promise<boolean> {
  const row = await db
    .selectFrom('custom_field_value')
    .select('id')
    .where('field_id', '=', fieldId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
