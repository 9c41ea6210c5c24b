/**
 * Observable types (ip, domain, file, ...): platform-wide definitions, as in TheHive 4/5.
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ObservableTypeTable } from '../schema.js';

type Db = Kysely<Database>;
export type ObservableTypeRow = Selectable<ObservableTypeTable>;

export async function listObservableTypes(db: Db): Promise<ObservableTypeRow[]> {
  return db.selectFrom('observable_type').selectAll().orderBy('name').execute();
}

/** By "~id" or by name. */
export async function findObservableType(db: Db, idOrName: string): Promise<ObservableTypeRow | undefined> {
  const id = parseId(idOrName);
  const q = db.selectFrom('observable_type').selectAll();
  return (id !== undefined ? q.where('id', '=', id) : q.where('name', '=', idOrName)).executeTakeFirst();
}

export async function insertObservableType(
  db: Db,
  row: Insertable<ObservableTypeTable>,
): Promise<ObservableTypeRow> {
  return db.insertInto('observable_type').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Inserts the types whose names are not taken yet; returns the names inserted. */
export async function insertMissingObservableTypes(
  db: Db,
  rows: Insertable<ObservableTypeTable>[],
): Promise<string[]> {
  const existing = new Set(
    (await db.selectFrom('observable_type').select('name').execute()).map((r) => r.name),
  );
  const missing = rows.filter((r) => !existing.has(r.name));
  if (missing.length > 0) await db.insertInto('observable_type').values(missing).execute();
  return missing.map((r) => r.name);
}

export async function deleteObservableType(db: Db, id: number): Promise<void> {
  await db.deleteFrom('observable_type').where('id', '=', id).execute();
}

/** Whether any observable of any organisation uses the type (deleting it would orphan them). */
export async function observableTypeInUse(db: Db, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('observable')
    .select('id')
    .where('data_type', '=', name)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
