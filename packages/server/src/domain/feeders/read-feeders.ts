/**
 * Reading feeders: the platform administrator's business (feeders read server files and reach
 * hosts from the server, so an organisation administrator may not define or inspect them).
 */
import { formatId, notFound } from '@propolis/core';
import { findFeederRow, listFeederFailures, listFeederRows } from '../../db/repositories/feeders.js';
import { type RequestContext, requirePermission } from '../context.js';
import type { Deps } from '../deps.js';
import { type FeederView, healthOf, isEnabled, toFeederView } from './feeder-view.js';

export const FEEDER_PERMISSION = 'managePlatform';

export async function listFeeders(deps: Deps, ctx: RequestContext): Promise<FeederView[]> {
  requirePermission(ctx, FEEDER_PERMISSION);
  return (await listFeederRows(deps.db)).map(toFeederView);
}

export async function getFeeder(deps: Deps, ctx: RequestContext, name: string): Promise<FeederView> {
  requirePermission(ctx, FEEDER_PERMISSION);
  const row = await findFeederRow(deps.db, name);
  if (!row) throw notFound(`Feeder ${name} not found`);
  return toFeederView(row);
}

export interface FeederFailureView {
  _id: string;
  ref: string;
  reason: string;
  date: number;
}

export async function getFeederFailures(
  deps: Deps,
  ctx: RequestContext,
  name: string,
  limit: number,
): Promise<FeederFailureView[]> {
  requirePermission(ctx, FEEDER_PERMISSION);
  if (!(await findFeederRow(deps.db, name))) throw notFound(`Feeder ${name} not found`);
  return (await listFeederFailures(deps.db, name, limit)).map((f) => ({
    _id: formatId(f.id),
    ref: f.ref,
    reason: f.reason,
    date: f.created_at,
  }));
}

/** Names, kinds and health only: what the public status document may show. */
export async function feederHealthSummary(
  deps: Pick<Deps, 'db'>,
): Promise<Array<{ name: string; kind: string; health: string }>> {
  return (await listFeederRows(deps.db)).map((row) => {
    try {
      return { name: row.name, kind: row.kind, health: healthOf(row, isEnabled(row)) };
    } catch {
      return { name: row.name, kind: row.kind, health: 'Error' };
    }
  });
}
