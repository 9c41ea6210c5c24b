/**
 * Folds one observable into another of the same parent that holds the same value: the survivor
 * takes the other's tags, IOC and sighted flags, message and reports (merge-rule.ts), and the other
 * is deleted. Used by the merge of a case's duplicates and by the retype of observables.
 */
import type { Kysely } from 'kysely';
import {
  deleteObservables,
  type ObservableRow,
  updateObservable,
} from '../../db/repositories/observables.js';
import { replaceTags } from '../../db/repositories/tags.js';
import type { Database } from '../../db/schema.js';
import { mergeObservableValues } from './merge-rule.js';

export async function foldDuplicate(
  trx: Kysely<Database>,
  survivor: ObservableRow,
  duplicate: ObservableRow,
  by: string,
): Promise<boolean> {
  const scope = { organisationId: survivor.organisation_id, platformAdmin: false };
  const now = Date.now();
  const change = mergeObservableValues(survivor, duplicate, now);
  if (change) {
    await updateObservable(trx, scope, survivor.id, { ...change, updated_at: now, updated_by: by });
    if (change.tags !== undefined)
      await replaceTags(
        trx,
        survivor.organisation_id,
        'observable',
        survivor.id,
        JSON.parse(change.tags as string),
      );
  }
  await deleteObservables(trx, scope, [duplicate.id]);
  return change !== undefined;
}
