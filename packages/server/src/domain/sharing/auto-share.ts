/**
 * New tasks and observables of a shared case go to the organisations whose share follows them
 * (rule `all` or `upcomingOnly`), in the creating transaction.
 */
import type { Kysely } from 'kysely';
import { autoSharesOfCase, shareObservables, shareTasks } from '../../db/repositories/shares.js';
import type { Database } from '../../db/schema.js';

export async function autoShareNew(
  trx: Kysely<Database>,
  caseId: number | null,
  kind: 'task' | 'observable',
  ids: number[],
): Promise<void> {
  if (caseId === null || ids.length === 0) return;
  for (const share of await autoSharesOfCase(trx, caseId, kind)) {
    if (kind === 'task') await shareTasks(trx, share, ids);
    else await shareObservables(trx, share, ids);
  }
}
