/**
 * Reading jobs of the caller's organisation: one, a search (Cortex's query DSL, Deleted hidden),
 * waiting for one to end (waitreport), its artifacts; and deleting one (soft, status Deleted).
 */
import { type Filter, notFound, parseV0Query, parseV0Range, parseV0Sort } from '@propolis/core';
import {
  appendAudit,
  formatId,
  inTransaction,
  parseId,
  type RequestContext,
} from '@propolis/server/extension';
import { compileJobFilter, jobColumn } from '../db/job-filter.js';
import { findJob, type JobRow, listJobs, setJobStatus } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { Analysis } from './analysis.js';
import { auditTypeOf } from './new-job.js';
import { requireRun } from './roles.js';

export const isFinished = (status: string) =>
  status === 'Success' || status === 'Failure' || status === 'Deleted';

export function jobKey(id: string): number | undefined {
  return parseId(id) ?? (/^\d{1,15}$/.test(id) ? Number(id) : undefined);
}

export async function getJob(a: Analysis, ctx: RequestContext, id: string): Promise<JobRow> {
  const key = jobKey(id);
  const row =
    key === undefined ? undefined : await findJob(analysisDb(a.deps.db), ctx.actor.organisationId, key);
  if (!row) throw notFound(`Job ${id} not found`);
  return row;
}

/** Waits until the job ends or `atMostMs` passes, then reads it again. */
export async function waitJob(
  a: Analysis,
  ctx: RequestContext,
  id: string,
  atMostMs: number,
): Promise<JobRow> {
  let row = await getJob(a, ctx, id);
  const deadline = Date.now() + Math.min(atMostMs, a.config.maxWaitSeconds * 1000);
  while (!isFinished(row.status) && Date.now() < deadline) {
    await a.changed(row.id, Math.min(deadline - Date.now(), 500));
    row = await getJob(a, ctx, id);
  }
  return row;
}

export interface JobSearch {
  query?: unknown;
  range?: unknown;
  sort?: unknown;
  /** Extra conditions of a route (type, Cortex's GET /api/job filters). */
  also?: Filter[];
}

export async function searchJobs(
  a: Analysis,
  ctx: RequestContext,
  search: JobSearch,
): Promise<{ rows: JobRow[]; total: number }> {
  const filter: Filter = {
    kind: 'and',
    filters: [
      parseV0Query(search.query ?? {}),
      { kind: 'compare', op: 'ne', field: 'status', value: 'Deleted' },
      ...(search.also ?? []),
    ],
  };
  const page = parseV0Range(search.range);
  const sortFields = parseV0Sort(search.sort ?? '-createdAt');
  return listJobs(analysisDb(a.deps.db), {
    organisationId: ctx.actor.organisationId,
    where: compileJobFilter(filter),
    sort: sortFields.map((s) => ({ column: jobColumn(s.field), direction: s.direction })),
    offset: page.offset,
    limit: page.limit,
  });
}

export async function deleteJob(a: Analysis, ctx: RequestContext, id: string): Promise<void> {
  const row = await getJob(a, ctx, id);
  requireRun(ctx, row.type === 'responder' ? 'responder' : 'analyzer');
  await inTransaction(a.deps, async (trx) => {
    await setJobStatus(analysisDb(trx), ctx.actor.organisationId, row.id, {
      status: 'Deleted',
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: auditTypeOf(row.type),
        objectId: formatId(row.id),
        rootId: row.root_id !== null ? formatId(row.root_id) : undefined,
        details: { status: 'Deleted' },
      },
    ]);
  });
}
