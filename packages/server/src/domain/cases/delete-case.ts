/**
 * Deleting a case: its tasks, logs and observables go with it (foreign keys cascade); the tag
 * and custom-field index rows of the case and its observables are removed in the same transaction.
 */

import type { Transaction } from 'kysely';
import { deleteCase as deleteRow } from '../../db/repositories/cases.js';
import { deleteTagsOf } from '../../db/repositories/tags.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { auditedDelete } from '../audited-write.js';
import { type RequestContext, requirePermission } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleCase } from './guards.js';
import { caseDependents } from './template-support.js';

export async function deleteCase(deps: Deps, ctx: RequestContext, idOrNumber: string): Promise<void> {
  requirePermission(ctx, 'manageCase/delete');
  const kase = await visibleCase(deps.db, ctx, idOrNumber);
  const remove = async (trx: Transaction<Database>, scope: Scope, id: number) => {
    await caseDependents.beforeDelete(trx, scope, [id]);
    await deleteTagsOf(trx, 'case', [id]);
    await deleteRow(trx, scope, id);
  };
  await auditedDelete(deps, ctx, remove, {
    objectType: 'Case',
    id: kase.id,
    details: { number: kase.number, title: kase.title },
  });
}
