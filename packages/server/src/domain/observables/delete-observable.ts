/**
 * Deletes an observable of a case or an alert (v1 DELETE /observable/{id}, v0 DELETE /case/artifact/{id}
 * and /alert/artifact/{id}),
 * with its tags and its attachment row; the blob stays (content-addressed, maybe shared).
 */

import { formatId } from '@propolis/core';
import { refreshObservableCount } from '../../db/repositories/alerts.js';
import { deleteObservables } from '../../db/repositories/observables.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { requireObservableWrite, rootOf, visibleObservable } from './guards.js';

export async function deleteObservable(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const scope = scopeOf(ctx);
  const row = await visibleObservable(deps.db, ctx, id);
  requireObservableWrite(ctx, [row]);
  await inTransaction(deps, async (trx) => {
    await deleteObservables(trx, scope, [row.id]);
    if (row.alert_id !== null) await refreshObservableCount(trx, scope, [row.alert_id]);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Observable',
        objectId: formatId(row.id),
        rootId: rootOf(row) !== null ? formatId(rootOf(row)!) : undefined,
        details: { dataType: row.data_type, ...(row.data !== null ? { data: row.data } : {}) },
      },
    ]);
  });
}
