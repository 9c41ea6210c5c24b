/**
 * Deletes an observable of a case (v1 DELETE /observable/{id}, v0 DELETE /case/artifact/{id}),
 * with its tags and its attachment row; the blob stays (content-addressed, maybe shared).
 */
import { deleteObservables } from '../../db/repositories/observables.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { formatId } from '../ids.js';
import { visibleObservable } from './guards.js';

export async function deleteObservable(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  requirePermission(ctx, 'manageObservable');
  const scope = scopeOf(ctx);
  const row = await visibleObservable(deps.db, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteObservables(trx, scope, [row.id]);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Observable',
        objectId: formatId(row.id),
        rootId: row.case_id !== null ? formatId(row.case_id) : undefined,
        details: { dataType: row.data_type, ...(row.data !== null ? { data: row.data } : {}) },
      },
    ]);
  });
}
