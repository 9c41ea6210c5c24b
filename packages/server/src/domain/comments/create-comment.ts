/**
 * Comments on cases and alerts (TheHive 5): markdown kept as written, permission `manageComment`.
 */
import { formatId } from '@propolis/core';
import { type CommentRow, insertComment } from '../../db/repositories/comments.js';
import { appendAudit } from '../../events/audit.js';
import { visibleAlert } from '../alerts/guards.js';
import { visibleCase } from '../cases/guards.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkMarkdownMessage } from '../input-rules.js';

/** What a comment hangs on. */
export type CommentParent = { caseId: string } | { alertId: string };

export async function createComment(
  deps: Deps,
  ctx: RequestContext,
  parent: CommentParent,
  input: { message: string },
): Promise<CommentRow> {
  requirePermission(ctx, 'manageComment');
  const message = checkMarkdownMessage(input.message);
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
