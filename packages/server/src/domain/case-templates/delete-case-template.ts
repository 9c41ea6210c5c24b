/**
 * Deletes a case template and its custom field values (manageCaseTemplate). Cases created from it
 * keep their tasks, values and the template's name in `caseTemplate`.
 */
import { formatId, notFound } from '@propolis/core';
import { deleteCaseTemplate as deleteRow, findCaseTemplate } from '../../db/repositories/case-templates.js';
import { appendAudit } from '../../events/audit.js';
import { permittedScope, type RequestContext } from '../context.js';
import { deleteCustomFieldValues } from '../custom-fields/values.js';
import { type Deps, inTransaction } from '../deps.js';

export async function deleteCaseTemplate(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
): Promise<void> {
  const scope = permittedScope(ctx, 'manageCaseTemplate');
  await inTransaction(deps, async (trx) => {
    const row = await findCaseTemplate(trx, scope, idOrName);
    if (!row) throw notFound(`Case template ${idOrName} not found`);
    await deleteCustomFieldValues(trx, 'caseTemplate', [row.id]);
    await deleteRow(trx, scope, row.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'CaseTemplate',
        objectId: formatId(row.id),
        details: { name: row.name },
      },
    ]);
  });
}
