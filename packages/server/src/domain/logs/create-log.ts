/**
 * Adds a log to a task, with its attached files (stored content-addressed, then linked).
 * A first log on a Waiting task starts it, as TheHive's UI does.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import { findLog, insertLog, linkLogAttachments } from '../../db/repositories/task-logs.js';
import { updateTask } from '../../db/repositories/tasks.js';
import { type AuditEntry, appendAudit } from '../../events/audit.js';
import {
  type AttachmentFile,
  stageAttachmentFiles,
  storeAttachment,
} from '../attachments/store-attachment.js';
import { createdNow, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkMarkdownMessage } from '../input-rules.js';
import { statusTransition } from '../tasks/task-input.js';
import { visibleTask } from '../tasks/update-task.js';
import { type LogView, toLogViews } from './log-view.js';

export interface LogInput {
  message: string;
  date?: number;
  includeInTimeline?: number | null;
}

export const MAX_LOG_FILES = 100;

export async function createLog(
  deps: Deps,
  ctx: RequestContext,
  taskId: string,
  input: LogInput,
  files: AttachmentFile[] = [],
): Promise<LogView> {
  requirePermission(ctx, 'manageTask');
  const task = await visibleTask(deps, ctx, taskId);
  const message = checkMarkdownMessage(input.message);
  const now = Date.now();
  const scope = scopeOf(ctx);
  if (files.length > MAX_LOG_FILES) throw badRequest(`attachments: at most ${MAX_LOG_FILES} files per log`);
  await stageAttachmentFiles(deps.config, files);
  const id = await inTransaction(deps, async (trx) => {
    const log = await insertLog(trx, {
      organisation_id: ctx.actor.organisationId,
      task_id: task.id,
      case_id: task.case_id,
      message,
      date: input.date ?? now,
      owner: ctx.actor.login,
      include_in_timeline: input.includeInTimeline ?? null,
      ...createdNow(ctx, now),
    });
    const attachmentIds: number[] = [];
    for (const f of files)
      attachmentIds.push((await storeAttachment(trx, deps.config, scope, f, ctx.actor.login)).id);
    await linkLogAttachments(trx, log.id, attachmentIds);
    const audits: AuditEntry[] = [
      {
        action: 'create',
        objectType: 'Log',
        objectId: formatId(log.id),
        rootId: formatId(task.case_id),
        details: { message, attachments: attachmentIds.length },
      },
    ];
    if (task.status === 'Waiting') {
      await updateTask(trx, scope, task.id, {
        ...statusTransition(task, 'InProgress', now),
        updated_at: now,
        updated_by: ctx.actor.login,
      });
      audits.push({
        action: 'update',
        objectType: 'Task',
        objectId: formatId(task.id),
        rootId: formatId(task.case_id),
        details: { status: 'InProgress' },
      });
    }
    await appendAudit(trx, ctx, audits);
    return log.id;
  });
  // deleted by another request since this one wrote it: the caller gets 404, not a crash
  const current = await findLog(deps.db, scope, id);
  const [view] = current ? await toLogViews(deps.db, scope, [current]) : [];
  if (!view) throw notFound(`Log ${formatId(id)} not found`);
  return view;
}
