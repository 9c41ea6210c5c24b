/**
 * Cases of one organisation. Every function takes the scope; a case of another organisation is
 * never found, updated or deleted here.
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CaseTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseVisible, dialectOf } from '../visibility.js';

export type CaseRow = Selectable<CaseTable>;
type Db = Kysely<Database>;

const inScope = (db: Db, scope: Scope) =>
  db
    .selectFrom('case')
    .selectAll()
    .where(caseVisible(scope, undefined, { dialect: dialectOf(db) }));

/** By "~id", or by case number ("42" or "#42"). */
export async function findCase(
  db: Db,
  scope: Scope,
  idOrNumber: string | number,
): Promise<CaseRow | undefined> {
  if (typeof idOrNumber === 'number')
    return inScope(db, scope).where('id', '=', idOrNumber).executeTakeFirst();
  const id = parseId(idOrNumber);
  if (id !== undefined) return inScope(db, scope).where('id', '=', id).executeTakeFirst();
  const m = /^#?(\d{1,15})$/.exec(idOrNumber.trim());
  if (!m) return undefined;
  return inScope(db, scope).where('number', '=', Number(m[1])).executeTakeFirst();
}

/**
 * By integer keys, through the primary key: the organisation is checked on each row found (`+` keeps
 * SQLite, which has no statistics here, from reading all the organisation's cases by an index
 * instead: 11 ms rather than 0.3 ms for 100 ids among 100k cases).
 */
export const casesByIdsQuery = (db: Db, scope: Scope, ids: number[]) =>
  db
    .selectFrom('case')
    .selectAll()
    .where('id', 'in', ids)
    .where(caseVisible(scope, undefined, { noIndex: true }));

export async function findCasesByIds(db: Db, scope: Scope, ids: number[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return casesByIdsQuery(db, scope, ids).execute();
}

export async function listCases(
  db: Db,
  scope: Scope,
  options: { limit?: number; offset?: number } = {},
): Promise<CaseRow[]> {
  return inScope(db, scope)
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
}

export async function insertCase(db: Db, row: Insertable<CaseTable>): Promise<CaseRow> {
  return db.insertInto('case').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCase(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<CaseTable>,
): Promise<void> {
  await db
    .updateTable('case')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/** Deletes the case; tasks, logs and observables go with it (foreign keys cascade). */
export async function deleteCase(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('case')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}
