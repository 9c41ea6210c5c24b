/**
 * Deleting alerts, one or in bulk (all or none): their observables (with tags and attachment rows,
 * through deleteObservables), custom field values and tag rows go in the same transaction.
 * A case the alert was imported into is kept.
 */
import { badRequest, formatId } from '@propolis/core';
import { deleteAlertRows } from '../../db/repositories/alerts.js';
import { deleteObservables, observableIdsOfAlerts } from '../../db/repositories/observables.js';
import { deleteTagsOf } from '../../db/repositories/tags.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { deleteCustomFieldValues } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleAlerts } from './guards.js';

export const MAX_BULK_DELETE = 1000;

export async function deleteAlerts(deps: Deps, ctx: RequestContext, ids: readonly string[]): Promise<void> {
  requirePermission(ctx, 'manageAlert/delete');
  if (ids.length === 0) throw badRequest('ids: must not be empty');
  if (ids.length > MAX_BULK_DELETE) throw badRequest(`ids: at most ${MAX_BULK_DELETE}`);
  const scope = scopeOf(ctx);
  const rows = await visibleAlerts(deps.db, ctx, ids);
  const alertIds = rows.map((r) => r.id);
  await inTransaction(deps, async (trx) => {
    await deleteObservables(trx, scope, await observableIdsOfAlerts(trx, scope, alertIds));
    await deleteCustomFieldValues(trx, 'alert', alertIds);
    await deleteTagsOf(trx, 'alert', alertIds);
    await deleteAlertRows(trx, scope, alertIds);
    await appendAudit(
      trx,
      ctx,
      rows.map((r) => ({
        action: 'delete' as const,
        objectType: 'Alert',
        objectId: formatId(r.id),
        details: { type: r.type, source: r.source, sourceRef: r.source_ref, title: r.title },
      })),
    );
  });
}
