/**
 * Jobs run by external Cortex servers (TheHive's `cortex.servers`, here `analysis.cortexServers`):
 * the job is created there and recorded here with its remote id; the engine follows it with
 * `waitreport?atMost=1second` on its timer (one node at a time per job, under a short lease) and,
 * when it ends, records it like a local job: report, taxonomies on the observable, audit row,
 * operations. The files of file artifacts are downloaded from that server's datastore
 * (`GET /api/datastore/{id}`, as TheHive does) and stored as the organisation's attachments, like
 * a local job's: they can be imported as observables.
 */
import { notFound } from '@propolis/core';
import { inTransaction, type RequestContext } from '@propolis/server/extension';
import type { CortexServer } from '../config.js';
import { type JobRow, leaseRemoteJob, releaseRemoteJob, remoteJobsToFollow } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { WorkerType } from '../definitions/definition.js';
import { CortexClient, type RemoteJob, type RemoteWorker } from '../remote/cortex-client.js';
import type { ReportedArtifact, WorkerResult } from '../runner/worker-io.js';
import type { Analysis } from './analysis.js';
import { applyOperations } from './apply-operations.js';
import { recordJobResult } from './finish-job.js';
import { insertNewJob, type JobLink, type NewJobColumns } from './new-job.js';
import { requireRun } from './roles.js';
import type { RunRequest, RunResult } from './run-job.js';

export function serverOf(a: Analysis, cortexId: string): CortexServer {
  const server = a.config.cortexServers.find((s) => s.name === cortexId);
  if (!server)
    throw notFound(
      `Cortex server ${cortexId} not found (configured: local${a.config.cortexServers.map((s) => `, ${s.name}`).join('')})`,
    );
  return server;
}

/** The workers of every external server, each with the server's name; unreachable servers are skipped. */
export async function remoteWorkers(
  a: Analysis,
  type: WorkerType,
  warn: (message: string) => void,
): Promise<Array<RemoteWorker & { cortexId: string }>> {
  const out: Array<RemoteWorker & { cortexId: string }> = [];
  for (const server of a.config.cortexServers) {
    try {
      const client = new CortexClient(server);
      const list = type === 'analyzer' ? await client.analyzers() : await client.responders();
      out.push(...list.map((w) => ({ ...w, cortexId: server.name })));
    } catch (error) {
      warn(`Cortex server ${server.name}: ${(error as Error).message}`);
    }
  }
  return out;
}

export async function runOnRemote(
  a: Analysis,
  ctx: RequestContext,
  cortexId: string,
  type: WorkerType,
  workerIdOrName: string,
  request: RunRequest,
  link: JobLink,
): Promise<RunResult> {
  requireRun(ctx, type);
  const server = serverOf(a, cortexId);
  const client = new CortexClient(server);
  const worker = await client.worker(type, workerIdOrName);
  const fields = {
    dataType: request.dataType,
    ...(request.file ? {} : { data: request.data }),
    tlp: request.tlp ?? 2,
    pap: request.pap ?? 2,
    message: request.message ?? '',
    parameters: request.parameters ?? {},
  };
  const remote = await client.run(type, worker.id, fields, request.file);
  const now = Date.now();
  const columns: NewJobColumns = {
    type,
    worker_id: worker.id,
    worker_name: worker.name,
    worker_definition_id:
      worker.workerDefinitionId ?? worker.analyzerDefinitionId ?? worker.responderDefinitionId ?? worker.name,
    data_type: request.dataType,
    data: request.file
      ? null
      : typeof request.data === 'string'
        ? request.data
        : JSON.stringify(request.data ?? null),
    attachment: null,
    tlp: fields.tlp,
    pap: fields.pap,
    message: fields.message,
    parameters: JSON.stringify(fields.parameters),
    label: null,
    cache_tag: null,
    cortex_id: server.name,
    remote_job_id: remote.id,
  };
  const job = await inTransaction(a.deps, (trx) =>
    insertNewJob(trx, ctx, link, now, columns, { cortexId: server.name }),
  );
  return { job, fromCache: false };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A remote job's end as a worker result (its report already checked by that server). */
async function resultOf(
  remote: RemoteJob,
  client: CortexClient,
  maxBytes: number,
  warn: (message: string) => void,
): Promise<WorkerResult> {
  const report = isObject(remote.report) ? remote.report : {};
  if (remote.status === 'Failure')
    return {
      success: false,
      errorMessage: remote.errorMessage ?? String(report.errorMessage ?? 'Failure on the Cortex server'),
    };
  const artifacts: ReportedArtifact[] = [];
  for (const x of (Array.isArray(report.artifacts) ? report.artifacts : []).filter(isObject)) {
    const common = {
      dataType: String(x.dataType),
      ...(typeof x.tlp === 'number' ? { tlp: x.tlp } : {}),
      ...(Array.isArray(x.tags) ? { tags: x.tags.map(String) } : {}),
      ...(typeof x.message === 'string' ? { message: x.message } : {}),
    };
    if (typeof x.data === 'string' || !isObject(x.attachment)) {
      artifacts.push({ ...common, data: typeof x.data === 'string' ? x.data : '' });
      continue;
    }
    const attachment = x.attachment;
    const name = String(attachment.name ?? attachment.id);
    try {
      const bytes = await client.download(String(attachment.id), maxBytes);
      artifacts.push({
        ...common,
        file: {
          filename: name,
          contentType:
            typeof attachment.contentType === 'string' ? attachment.contentType : 'application/octet-stream',
          bytes,
        },
      });
    } catch (error) {
      // the report is kept; the artifact names the file it could not bring
      warn(`file artifact ${name}: ${(error as Error).message}`);
      artifacts.push({
        ...common,
        data: name,
        message: `${common.message ? `${common.message} ` : ''}(file not downloaded from Cortex server ${client.server.name}: ${(error as Error).message})`,
      });
    }
  }
  return {
    success: true,
    summary: isObject(report.summary) ? report.summary : {},
    full: isObject(report.full) ? report.full : {},
    operations: (Array.isArray(report.operations) ? report.operations : []).filter(isObject),
    artifacts,
  };
}

/** One pass over the remote jobs still running (the engine's timer calls it). */
export async function followRemoteJobs(
  a: Analysis,
  owner: string,
  warn: (message: string) => void,
): Promise<void> {
  if (a.config.cortexServers.length === 0) return;
  const db = analysisDb(a.deps.db);
  const now = Date.now();
  for (const job of await remoteJobsToFollow(db, now, 50)) {
    if (!(await leaseRemoteJob(db, job, owner, now + 30_000))) continue;
    const leased: JobRow = { ...job, status: 'InProgress' };
    const server = a.config.cortexServers.find((s) => s.name === job.cortex_id);
    let remote: RemoteJob | undefined;
    const client = server ? new CortexClient(server) : undefined;
    try {
      if (!client) throw new Error(`the Cortex server ${job.cortex_id} is no longer configured`);
      remote = await client.waitReport(job.remote_job_id ?? '');
    } catch (error) {
      if (!server) {
        await recordJobResult(
          a,
          leased,
          owner,
          { success: false, errorMessage: (error as Error).message },
          null,
        );
        continue;
      }
      warn(`following job ${job.id} on ${job.cortex_id}: ${(error as Error).message}`);
    }
    if (!remote || (remote.status !== 'Success' && remote.status !== 'Failure')) {
      await releaseRemoteJob(db, job.id, owner);
      continue;
    }
    const result = await resultOf(remote, client!, a.config.maxFileBytes, (m) =>
      warn(`job ${job.id} on ${job.cortex_id}: ${m}`),
    );
    const finished = await recordJobResult(a, leased, owner, result, null);
    if (finished && result.success && result.operations.length > 0)
      await applyOperations(a, finished, result.operations);
  }
}
