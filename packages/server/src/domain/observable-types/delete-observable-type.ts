/**
 * Deletes an observable type that no observable uses; built-in types stay (they are seeded at
 * every start). manageObservableTemplate.
 */
import { badRequest, formatId, notFound } from '@propolis/core';
import {
  deleteObservableType as deleteRow,
  findObservableType,
  observableTypeInUse,
} from '../../db/repositories/observable-types.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { forgetObservableTypes } from './type-cache.js';

export async function deleteObservableType(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
): Promise<void> {
  requirePermission(ctx, 'manageObservableTemplate');
  await inTransaction(deps, async (trx) => {
    const row = await findObservableType(trx, idOrName);
    if (!row) throw notFound(`Observable type ${idOrName} not found`);
    if (row.builtin) throw badRequest(`Observable type ${row.name} is built in and cannot be deleted`);
    if (await observableTypeInUse(trx, row.name))
      throw badRequest(`Observable type ${row.name} is used by observables and cannot be deleted`);
    await deleteRow(trx, row.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'ObservableType',
        objectId: formatId(row.id),
        details: { name: row.name },
      },
    ]);
  });
  forgetObservableTypes(deps.db);
}
