/**
 * Editing and deleting comments: the author's own (TheHive 5 lets a user change only what they
 * wrote), with `manageComment`. An edited comment says so (`isEdited`).
 */
import { forbidden, formatId, notFound } from '@propolis/core';
import {
  type CommentRow,
  deleteComment as deleteRow,
  findComment,
  updateComment as updateRow,
} from '../../db/repositories/comments.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkMarkdownMessage } from '../input-rules.js';

export async function visibleComment(deps: Deps, ctx: RequestContext, id: string): Promise<CommentRow> {
  const row = await findComment(deps.db, scopeOf(ctx), id);
  if (!row) throw notFound(`Comment ${id} not found`);
  return row;
}

function ownComment(ctx: RequestContext, row: CommentRow): void {
  if (row.created_by !== ctx.actor.login)
    throw forbidden(
      `Comment ${formatId(row.id)} was written by ${row.created_by}: only its author may change it`,
    );
}

const rootOf = (row: CommentRow) => formatId((row.case_id ?? row.alert_id)!);

export async function updateComment(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { message: string },
): Promise<CommentRow> {
  requirePermission(ctx, 'manageComment');
  const row = await visibleComment(deps, ctx, id);
  ownComment(ctx, row);
  const message = checkMarkdownMessage(input.message);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateRow(trx, scopeOf(ctx), row.id, {
      message,
      is_edited: 1,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Comment',
        objectId: formatId(row.id),
        rootId: rootOf(row),
        details: { message },
      },
    ]);
  });
  return { ...row, message, is_edited: 1, updated_at: now, updated_by: ctx.actor.login };
}

export async function deleteComment(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageComment');
  const row = await visibleComment(deps, ctx, id);
  ownComment(ctx, row);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, scopeOf(ctx), row.id);
    await appendAudit(trx, ctx, [
      { action: 'delete', objectType: 'Comment', objectId: formatId(row.id), rootId: rootOf(row) },
    ]);
  });
}
