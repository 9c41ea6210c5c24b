/**
 * A log with its attachments, as commands return it.
 */
import type { Kysely } from 'kysely';
import { type AttachmentRow, attachmentsOfLogs, type TaskLogRow } from '../../db/repositories/task-logs.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';

export interface LogView {
  log: TaskLogRow;
  attachments: AttachmentRow[];
}

export async function toLogViews(db: Kysely<Database>, scope: Scope, logs: TaskLogRow[]): Promise<LogView[]> {
  const attachments = await attachmentsOfLogs(
    db,
    scope,
    logs.map((l) => l.id),
  );
  return logs.map((log) => ({ log, attachments: attachments.get(log.id) ?? [] }));
}
