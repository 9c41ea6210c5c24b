/**
 * Removes one custom field value from a case by the value's id (TheHive 4's
 * DELETE /api/v1/case/customField/{id}).
 */
import { formatId, notFound, parseId } from '@propolis/core';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { deleteCustomFieldValueById, findCustomFieldValue } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';

export async function deleteCaseCustomFieldValue(
  deps: Deps,
  ctx: RequestContext,
  valueId: string,
): Promise<void> {
  requirePermission(ctx, 'manageCase/update');
  const id = parseId(valueId);
  const value =
    id === undefined ? undefined : await findCustomFieldValue(deps.db, ctx.actor.organisationId, id);
  if (id === undefined || !value || value.entityType !== 'case')
    throw notFound(`Custom field value ${valueId} not found`);
  await inTransaction(deps, async (trx) => {
    await deleteCustomFieldValueById(trx, ctx.actor.organisationId, id);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Case',
        objectId: formatId(value.entityId),
        details: { removedCustomFieldValue: valueId },
      },
    ]);
  });
}
