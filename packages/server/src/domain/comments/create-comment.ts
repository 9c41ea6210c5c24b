/**
 * Comments on cases and alerts (TheHive 5): markdown kept as written, permission `manageComment`.
 */
import { badRequest, formatId, MAX_LONG_TEXT } from '@propolis/core';
import { type CommentRow, insertComment } from '../../db/repositories/comments.js';
import { appendAudit } from '../../events/audit.js';
import { visibleAlert } from '../alerts/guards.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkLength } from '../input-rules.js';

/** What a comment hangs on. */
export type CommentParent = { caseId: string } | { alertId: string };

/** A comment is required, not blank, and kept as written (its white space is markdown). */
export function checkCommentMessage(message: string | undefined): string {
  if (typeof message !== 'string' || message.trim() === '')
    throw badRequest('message: is required and must not be empty');
  return checkLength(message, 'message', MAX_LONG_TEXT);
}

export async function createComment(
  deps: Deps,
  ctx: RequestContext,
  parent: CommentParent,
  input: { message: string },
): Promise<CommentRow> {
  requirePermission(ctx, 'manageComment');
  const message = checkCommentMessage(input.message);
  const kase = 'caseId' in parent ? await visibleCase(deps.db, ctx, parent.caseId) : undefined;
  const alert = 'alertId' in parent ? await visibleAlert(deps.db, ctx, parent.alertId) : undefined;
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const row = await insertComment(trx, {
      organisation_id: ctx.actor.organisationId,
      case_id: kase?.id ?? null,
      alert_id: alert?.id ?? null,
      message,
      is_edited: 0,
      ...createdNow(ctx, now),
    });
    await appendAudit(trx, ctx, [
      {
        action: 'create',
        objectType: 'Comment',
        objectId: formatId(row.id),
        rootId: formatId((kase ?? alert)!.id),
        details: { message },
      },
    ]);
    return row;
  });
}
