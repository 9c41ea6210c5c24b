/**
 * A new job row, local or followed on a remote Cortex: the columns every job starts with, its
 * insert and its creation audit (`Job` for analyzers, `Action` for responders), in the caller's
 * transaction.
 */

import type { Database } from '@propolis/server/extension';
import { appendAudit, createdNow, formatId, type RequestContext } from '@propolis/server/extension';
import type { Insertable, Transaction } from 'kysely';
import { insertJob, type JobRow } from '../db/jobs.js';
import { type AnalysisJobTable, analysisDb } from '../db/schema.js';

export interface JobLink {
  observableId?: number;
  /** The case or alert, audit root of the job's rows. */
  rootId?: number;
  objectType?: string;
  objectId?: number;
}

export const auditTypeOf = (type: string) => (type === 'analyzer' ? 'Job' : 'Action');

/** The columns every new job starts with: not run yet, linked to its object, created now by the caller. */
function freshJobColumns(ctx: RequestContext, link: JobLink, now: number) {
  return {
    organisation_id: ctx.actor.organisationId,
    status: 'Waiting',
    error_message: null,
    input: null,
    report: null,
    artifacts: null,
    applied_operations: null,
    observable_id: link.observableId ?? null,
    object_type: link.objectType ?? null,
    object_id: link.objectId ?? null,
    root_id: link.rootId ?? null,
    start_date: null,
    end_date: null,
    lease_owner: null,
    lease_until: null,
    ...createdNow(ctx, now),
  };
}

/** The columns a job is created with, apart from those every new job starts with. */
export type NewJobColumns = Omit<Insertable<AnalysisJobTable>, keyof ReturnType<typeof freshJobColumns>>;

export async function insertNewJob(
  trx: Transaction<Database>,
  ctx: RequestContext,
  link: JobLink,
  now: number,
  columns: NewJobColumns,
  details: Record<string, unknown>,
): Promise<JobRow> {
  const row = await insertJob(analysisDb(trx), { ...columns, ...freshJobColumns(ctx, link, now) });
  await appendAudit(trx, ctx, [
    {
      action: 'create',
      objectType: auditTypeOf(row.type),
      objectId: formatId(row.id),
      rootId: link.rootId !== undefined ? formatId(link.rootId) : undefined,
      details: {
        [row.type === 'analyzer' ? 'analyzerName' : 'responderName']: row.worker_name,
        status: 'Waiting',
        ...details,
      },
    },
  ]);
  return row;
}
