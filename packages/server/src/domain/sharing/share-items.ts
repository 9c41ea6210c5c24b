/**
 * Sharing single tasks and observables of a shared case (`POST|DELETE /task/{id}/shares`,
 * `/observable/{id}/shares` with `{organisations}`): the organisation must already have a share of
 * the case; the item then shows to it under that share.
 */
import { badRequest, formatId, parseId } from '@propolis/core';
import {
  organisationsOfObservableShares,
  organisationsOfTaskShares,
  type ShareView,
  shareObservables,
  sharesOfCase,
  shareTasks,
  unshareObservable,
  unshareTask,
} from '../../db/repositories/shares.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, readScopeOf, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleObservable } from '../observables/guards.js';
import { visibleTask } from '../tasks/update-task.js';

type Item = { kind: 'task' | 'observable'; id: string };

async function itemAndCase(deps: Deps, ctx: RequestContext, item: Item, access: 'read' | 'write') {
  if (item.kind === 'task') {
    const task = await visibleTask(deps, ctx, item.id, access);
    return { id: task.id, caseId: task.case_id, type: 'Task' };
  }
  const o = await visibleObservable(deps.db, ctx, item.id, access);
  if (o.case_id === null)
    throw badRequest(`Observable ${item.id} belongs to an alert: alerts are not shared`);
  return { id: o.id, caseId: o.case_id, type: 'Observable' };
}

function sharesFor(current: ShareView[], organisations: string[], caseId: number): ShareView[] {
  return organisations.map((o) => {
    const id = parseId(o);
    const s = current.find((c) => c.organisation_name === o || c.organisation_id === id);
    if (!s)
      throw badRequest(
        `Case ~${caseId} is not shared with organisation ${o}: share the case first (POST /case/{id}/shares)`,
      );
    return s;
  });
}

export async function shareItem(
  deps: Deps,
  ctx: RequestContext,
  item: Item,
  organisations: string[],
  add: boolean,
): Promise<void> {
  requirePermission(ctx, 'manageShare');
  const found = await itemAndCase(deps, ctx, item, 'write');
  const shares = sharesFor(
    await sharesOfCase(deps.db, scopeOf(ctx), found.caseId),
    organisations,
    found.caseId,
  );
  await inTransaction(deps, async (trx) => {
    for (const s of shares) {
      if (item.kind === 'task') {
        if (add) await shareTasks(trx, s, [found.id]);
        else await unshareTask(trx, found.id, [s.organisation_id]);
      } else if (add) await shareObservables(trx, s, [found.id]);
      else await unshareObservable(trx, found.id, [s.organisation_id]);
    }
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: found.type,
        objectId: formatId(found.id),
        rootId: formatId(found.caseId),
        details: { [add ? 'share' : 'unshare']: shares.map((s) => s.organisation_name) },
      },
    ]);
  });
}

/** The shares a task or observable is part of (the owner sees all, a receiving organisation its own). */
export async function itemShares(deps: Deps, ctx: RequestContext, item: Item): Promise<ShareView[]> {
  const found = await itemAndCase(deps, ctx, item, 'read');
  const rows =
    item.kind === 'task'
      ? await organisationsOfTaskShares(deps.db, found.id)
      : await organisationsOfObservableShares(deps.db, found.id);
  const own = ctx.actor.organisationId;
  const visible = await sharesOfCase(deps.db, readScopeOf(ctx), found.caseId);
  const ids = new Set(visible.map((v) => v.id));
  return rows
    .filter((r) => ids.has(r.id) || r.organisation_id === own)
    .map((r) => ({ ...r, case_organisation_id: visible[0]?.case_organisation_id ?? own }));
}
