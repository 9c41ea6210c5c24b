/**
 * Task logs and their attachments, scoped by organisation.
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AttachmentTable, Database, TaskLogTable } from '../schema.js';
import type { Scope } from '../scope.js';
import { attachmentVisible, dialectOf, logVisible } from '../visibility.js';

export type TaskLogRow = Selectable<TaskLogTable>;
export type AttachmentRow = Selectable<AttachmentTable> & { sha1: string; md5: string };
type Db = Kysely<Database>;

const inScope = (db: Db, scope: Scope) =>
  db
    .selectFrom('task_log')
    .selectAll()
    .where(logVisible(scope, undefined, { dialect: dialectOf(db) }));

export async function findLog(db: Db, scope: Scope, id: string | number): Promise<TaskLogRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  return inScope(db, scope).where('id', '=', n).executeTakeFirst();
}

/** The organisation's logs among these ids (the live stream renders the logs it reports). */
export async function findLogsByIds(db: Db, scope: Scope, ids: number[]): Promise<TaskLogRow[]> {
  if (ids.length === 0) return [];
  return inScope(db, scope)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
}

export async function logsOfTasks(db: Db, scope: Scope, taskIds: number[]): Promise<TaskLogRow[]> {
  if (taskIds.length === 0) return [];
  return inScope(db, scope)
    .where('task_id', 'in', taskIds)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countLogsOfTask(db: Db, scope: Scope, taskId: number): Promise<number> {
  const row = await db
    .selectFrom('task_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(logVisible(scope))
    .where('task_id', '=', taskId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLog(db: Db, row: Insertable<TaskLogTable>): Promise<TaskLogRow> {
  return db.insertInto('task_log').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateLog(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<TaskLogTable>,
): Promise<void> {
  await db
    .updateTable('task_log')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteLog(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('task_log')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function linkLogAttachments(db: Db, logId: number, attachmentIds: number[]): Promise<void> {
  if (attachmentIds.length === 0) return;
  await db
    .insertInto('log_attachment')
    .values(attachmentIds.map((attachment_id) => ({ log_id: logId, attachment_id })))
    .execute();
}

export async function unlinkLogAttachment(db: Db, logId: number, attachmentId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('log_attachment')
    .where('log_id', '=', logId)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function attachmentsOfLogs(
  db: Db,
  scope: Scope,
  logIds: number[],
): Promise<Map<number, AttachmentRow[]>> {
  const out = new Map<number, AttachmentRow[]>();
  if (logIds.length === 0) return out;
  const rows = await db
    .selectFrom('log_attachment')
    .innerJoin('attachment', 'attachment.id', 'log_attachment.attachment_id')
    .innerJoin('blob', 'blob.sha256', 'attachment.blob_sha256')
    .selectAll('attachment')
    .select(['log_attachment.log_id', 'blob.sha1', 'blob.md5'])
    .where(attachmentVisible(scope))
    .where('log_attachment.log_id', 'in', logIds)
    .orderBy('attachment.id')
    .execute();
  for (const { log_id, ...a } of rows) {
    const list = out.get(log_id) ?? [];
    list.push(a);
    out.set(log_id, list);
  }
  return out;
}
