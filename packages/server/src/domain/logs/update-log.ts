/**
 * Editing and deleting logs, and detaching one of their attachments.
 */
import { formatId, notFound, parseId } from '@propolis/core';
import {
  deleteLog as deleteRow,
  findLog,
  type TaskLogRow,
  unlinkLogAttachment,
  updateLog as updateRow,
} from '../../db/repositories/task-logs.js';
import { appendAudit } from '../../events/audit.js';
import type { Access } from '../cases/guards.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkMarkdownMessage } from '../input-rules.js';
import { sharedReadOnly } from '../sharing/shared-read-only.js';
import { type LogView, toLogViews } from './log-view.js';

export async function visibleLog(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
  access: Access = 'write',
): Promise<TaskLogRow> {
  const log = await findLog(deps.db, access === 'read' ? readScopeOf(ctx) : scopeOf(ctx), id);
  if (log) return log;
  if (access === 'write' && (await findLog(deps.db, readScopeOf(ctx), id)))
    throw sharedReadOnly(ctx, `Log ${id}`);
  throw notFound(`Log ${id} not found`);
}

export async function getLog(deps: Deps, ctx: RequestContext, id: string): Promise<LogView> {
  const [view] = await toLogViews(deps.db, readScopeOf(ctx), [await visibleLog(deps, ctx, id, 'read')]);
  return view!;
}

export async function updateLog(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { message?: string; includeInTimeline?: number | null },
): Promise<LogView> {
  requirePermission(ctx, 'manageTask');
  const log = await visibleLog(deps, ctx, id);
  const message = input.message === undefined ? undefined : checkMarkdownMessage(input.message);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, scopeOf(ctx), log.id, {
      message,
      include_in_timeline: input.includeInTimeline,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Log',
        objectId: formatId(log.id),
        rootId: formatId(log.case_id),
        details: { ...input },
      },
    ]);
  });
  return getLog(deps, ctx, formatId(log.id));
}

export async function deleteLog(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const log = await visibleLog(deps, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, scopeOf(ctx), log.id);
    await appendAudit(trx, ctx, [
      { action: 'delete', objectType: 'Log', objectId: formatId(log.id), rootId: formatId(log.case_id) },
    ]);
  });
}

export async function removeLogAttachment(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  attachmentId: string,
): Promise<void> {
  requirePermission(ctx, 'manageTask');
  const log = await visibleLog(deps, ctx, id);
  const n = parseId(attachmentId);
  await inTransaction(deps, async (trx) => {
    if (n === undefined || !(await unlinkLogAttachment(trx, log.id, n)))
      throw notFound(`Attachment ${attachmentId} not found on log ${id}`);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Log',
        objectId: formatId(log.id),
        rootId: formatId(log.case_id),
        details: { removedAttachment: attachmentId },
      },
    ]);
  });
}
