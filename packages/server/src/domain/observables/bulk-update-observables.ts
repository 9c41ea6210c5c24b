/**
 * Updates several observables with the same fields (v1 PATCH /observable/_bulk, v0 PATCH
 * /case/artifact/_bulk): all of them or none, in one transaction. An id the organisation cannot see
 * is a 404 and nothing is changed.
 */
import { badRequest, formatId, notFound, parseId } from '@propolis/core';
import { findObservablesByIds, updateObservable as updateRow } from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { AuditEntry } from '../../events/audit.js';
import { appendAudit } from '../../events/audit.js';
import { hasPermission, type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { auditDetails } from './create-observables.js';
import { requireObservableWrite, rootOf } from './guards.js';
import type { UpdateObservableInput } from './observable-input.js';
import { type ObservableView, observableViews } from './observable-view.js';
import { planDataTypeChange, planObservableUpdate } from './update-observable.js';

export const MAX_BULK = 1000;

export async function bulkUpdateObservables(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  ids: string[],
  input: UpdateObservableInput,
): Promise<ObservableView[]> {
  if (!hasPermission(ctx, 'manageAlert/update')) requirePermission(ctx, 'manageObservable');
  if (ids.length === 0) throw badRequest('ids: must not be empty');
  if (ids.length > MAX_BULK) throw badRequest(`ids: at most ${MAX_BULK}`);
  const scope = scopeOf(ctx);
  const keys: number[] = [];
  for (const id of ids) {
    const key = parseId(id);
    if (key === undefined) throw notFound(`Observable ${id} not found`);
    keys.push(key);
  }
  const rows = await findObservablesByIds(deps.db, scope, keys);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [i, key] of keys.entries()) if (!byId.has(key)) throw notFound(`Observable ${ids[i]} not found`);
  requireObservableWrite(ctx, rows);
  const now = Date.now();
  const plans: Array<{ row: (typeof rows)[number]; set: ReturnType<typeof planObservableUpdate> }> = [];
  for (const row of byId.values())
    plans.push({
      row,
      set: {
        ...planObservableUpdate(row, input, now),
        ...(await planDataTypeChange(deps.db, row, input.dataType)),
      },
    });
  await inTransaction(deps, async (trx) => {
    const audit: AuditEntry[] = [];
    for (const { row, set } of plans) {
      if (Object.keys(set).length === 0) continue;
      await updateRow(trx, scope, row.id, { ...set, updated_at: now, updated_by: ctx.actor.login });
      if (set.tags !== undefined)
        await replaceTags(trx, scope.organisationId, 'observable', row.id, JSON.parse(set.tags as string));
      audit.push({
        action: 'update',
        objectType: 'Observable',
        objectId: formatId(row.id),
        rootId: rootOf(row) !== null ? formatId(rootOf(row)!) : undefined,
        details: auditDetails(set),
      });
    }
    await appendAudit(trx, ctx, audit);
  });
  const updated = plans.map(({ row, set }) =>
    Object.keys(set).length === 0 ? row : { ...row, ...set, updated_at: now, updated_by: ctx.actor.login },
  );
  return observableViews(deps.db, scope, updated as typeof rows);
}
