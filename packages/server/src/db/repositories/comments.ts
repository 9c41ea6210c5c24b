/**
 * Comments of cases and alerts, scoped by organisation.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CommentTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseRowVisible } from '../visibility.js';

export type CommentRow = Selectable<CommentTable>;
type Db = Kysely<Database>;

export async function findComment(
  db: Db,
  scope: Scope,
  id: string | number,
): Promise<CommentRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  return db
    .selectFrom('comment')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('id', '=', n)
    .executeTakeFirst();
}

export async function insertComment(db: Db, row: Insertable<CommentTable>): Promise<CommentRow> {
  return db.insertInto('comment').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateComment(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<CommentTable>,
): Promise<void> {
  await db
    .updateTable('comment')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteComment(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('comment')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/** The comments of a case, oldest first (case export). */
export async function commentsOfCase(db: Db, scope: Scope, caseId: number): Promise<CommentRow[]> {
  return db
    .selectFrom('comment')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertComments(db: Db, rows: Insertable<CommentTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('comment').values(rows).execute();
}

/**
 * An alert's comments go to the case it is imported into or merged with (TheHive 5), authors and
 * dates kept; the alert keeps its own. Returns the new comments' ids.
 */
export async function copyAlertCommentsToCase(
  db: Db,
  scope: Scope,
  alertId: number,
  caseId: number,
): Promise<number[]> {
  const comments = await db
    .selectFrom('comment')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('alert_id', '=', alertId)
    .orderBy('id')
    .execute();
  if (comments.length === 0) return [];
  const rows = await db
    .insertInto('comment')
    .values(comments.map(({ id: _id, ...c }) => ({ ...c, case_id: caseId, alert_id: null })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
