/**
 * Deletes a custom field definition (manageCustomField). A field that cases, alerts or templates
 * use is kept unless `force` is set; then its values go with it, in every organisation.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import { deleteValuesOfField, valueCountsOfField } from '../../db/repositories/custom-field-values.js';
import { deleteCustomField as deleteRow, findCustomField } from '../../db/repositories/custom-fields.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export async function deleteCustomField(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
  options: { force?: boolean } = {},
): Promise<void> {
  requirePermission(ctx, 'manageCustomField');
  await inTransaction(deps, async (trx) => {
    const row = await findCustomField(trx, idOrName);
    if (!row) throw notFound(`Custom field ${idOrName} not found`);
    const counts = await valueCountsOfField(trx, row.id);
    const used = Object.values(counts).reduce((a, b) => a + b, 0);
    if (used > 0) {
      if (!options.force) {
        const where = Object.entries(counts)
          .map(([type, n]) => `${n} ${type}`)
          .join(', ');
        throw badRequest(
          `Custom field ${row.name} is used (${where}); delete it with force=true to remove its values too`,
        );
      }
      await deleteValuesOfField(trx, row.id);
    }
    await deleteRow(trx, row.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'CustomField',
        objectId: formatId(row.id),
        details: { name: row.name, force: options.force === true, removedValues: used },
      },
    ]);
  });
}
