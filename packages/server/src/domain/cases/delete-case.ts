/**
 * Deleting a case: its tasks, logs and observables go with it (foreign keys cascade); the tag
 * and custom-field index rows of the case and its observables are removed in the same transaction.
 */

import { formatId } from '@propolis/core';
import { deleteCase as deleteRow } from '../../db/repositories/cases.js';
import { deleteTagsOf } from '../../db/repositories/tags.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { visibleCase } from './guards.js';
import { caseDependents } from './template-support.js';

export async function deleteCase(deps: Deps, ctx: RequestContext, idOrNumber: string): Promise<void> {
  requirePermission(ctx, 'manageCase/delete');
  const kase = await visibleCase(deps.db, ctx, idOrNumber);
  const scope = scopeOf(ctx);
  await inTransaction(deps, async (trx) => {
    await caseDependents.beforeDelete(trx, scope, [kase.id]);
    await deleteTagsOf(trx, 'case', [kase.id]);
    await deleteRow(trx, scope, kase.id);
    await appendAudit(trx, ctx, [
      {
        action: 'delete',
        objectType: 'Case',
        objectId: formatId(kase.id),
        details: { number: kase.number, title: kase.title },
      },
    ]);
  });
}
