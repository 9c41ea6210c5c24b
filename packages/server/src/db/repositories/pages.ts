/**
 * Case pages and knowledge-base pages (case_id null), scoped by organisation.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PageTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseRowVisible } from '../visibility.js';

export type PageRow = Selectable<PageTable>;
type Db = Kysely<Database>;

/** A page of the case (caseId a number) or of the knowledge base (caseId null). */
export async function findPage(
  db: Db,
  scope: Scope,
  id: string | number,
  caseId: number | null,
): Promise<PageRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  let q = db.selectFrom('page').selectAll().where(caseRowVisible(scope)).where('id', '=', n);
  q = caseId === null ? q.where('case_id', 'is', null) : q.where('case_id', '=', caseId);
  return q.executeTakeFirst();
}

export async function listPages(db: Db, scope: Scope, caseId: number | null): Promise<PageRow[]> {
  let q = db.selectFrom('page').selectAll().where(caseRowVisible(scope));
  q = caseId === null ? q.where('case_id', 'is', null) : q.where('case_id', '=', caseId);
  return q.orderBy('order').orderBy('id').execute();
}

export async function insertPages(db: Db, rows: Insertable<PageTable>[]): Promise<PageRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('page').values(rows).returningAll().execute();
}

export async function updatePage(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<PageTable>,
): Promise<void> {
  await db
    .updateTable('page')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deletePage(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('page')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}
