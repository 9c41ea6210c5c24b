/**
 * The flow (TheHive's `GET /api/flow`): the organisation's latest actions, one per request (its
 * main audit), newest first, optionally under one root object (a case), without those about users,
 * with every audit row of those requests for their summaries.
 */
import { badRequest } from '@propolis/core';
import { auditsOfRequests, latestMainAudits } from '../../db/repositories/audit-feed.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleAudits } from '../sharing/visible-audits.js';
import type { RequestAudits } from './audit-objects.js';

export const MAX_FLOW = 1000;

export async function readFlow(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  rootId: string | undefined,
  count: number,
): Promise<RequestAudits[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_FLOW)
    throw badRequest(`count: must be a whole number from 1 to ${MAX_FLOW}`);
  const root = rootId === undefined || rootId === 'any' ? undefined : rootId;
  const scope = readScopeOf(ctx);
  const mains = await visibleAudits(deps, ctx, await latestMainAudits(deps.db, scope, root, count));
  const rows = await visibleAudits(
    deps,
    ctx,
    await auditsOfRequests(
      deps.db,
      scope,
      mains.map((m) => m.request_id),
    ),
  );
  return mains.map((main) => ({ main, rows: rows.filter((r) => r.request_id === main.request_id) }));
}
