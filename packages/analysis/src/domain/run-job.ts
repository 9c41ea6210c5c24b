/**
 * Running an analyzer or a responder: Cortex's job creation. Checks the data type and the data, then
 * the cache (the newest usable job with the same key started within the window is answered with
 * `fromCache`, analyzers only, unless `force`), then the rate limit (429 RateLimitExceeded), then
 * queues the job with its audit row and wakes the engine. A file is stored in the organisation's
 * attachments (by SHA-256, as Cortex's datastore).
 */
import { createHash } from 'node:crypto';
import { badRequest, PropolisError } from '@propolis/core';
import {
  formatId,
  inTransaction,
  type RequestContext,
  scopeOf,
  storeAttachment,
} from '@propolis/server/extension';
import { cachedJob, countJobsSince, type JobRow } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { WorkerType } from '../definitions/definition.js';
import type { InputFile } from '../runner/worker-io.js';
import type { Analysis } from './analysis.js';
import { insertNewJob, type JobLink, type NewJobColumns } from './new-job.js';
import { requireRun } from './roles.js';
import { RATE_UNITS, type WorkerView } from './workers.js';

export interface RunRequest {
  dataType: string;
  /** A string for analyzers; an object (the TheHive entity) for responders. */
  data?: unknown;
  file?: InputFile;
  tlp?: number;
  pap?: number;
  message?: string;
  parameters?: Record<string, unknown>;
  label?: string;
  force?: boolean;
}

/** What the platform links the job to (TheHive's connector). */

export interface RunResult {
  job: JobRow;
  fromCache: boolean;
}

export interface Attachment {
  name: string;
  hashes: string[];
  size: number;
  contentType: string;
  id: string;
}

function checkLevel(name: string, value: number | undefined): number {
  if (value === undefined) return 2;
  if (!Number.isInteger(value) || value < -1 || value > 4)
    throw badRequest(`${name}: must be a whole number from 0 to 4`);
  return value;
}

export async function runJob(
  a: Analysis,
  ctx: RequestContext,
  worker: WorkerView,
  request: RunRequest,
  link: JobLink = {},
  options: { auto?: boolean } = {},
): Promise<RunResult> {
  const type = worker.row.type as WorkerType;
  // an auto-run was authorised by the organisation administrator who turned it on
  if (!options.auto) requireRun(ctx, type);
  const definition = worker.definition;
  if (!definition)
    throw badRequest(`${worker.row.name} is obsolete: its definition is no longer in the configured folders`);
  if (typeof request.dataType !== 'string' || request.dataType === '')
    throw badRequest('dataType: is required');
  if (!definition.dataTypeList.includes(request.dataType))
    throw badRequest(
      `${definition.id} does not accept dataType ${request.dataType} (it accepts ${definition.dataTypeList.join(', ') || 'nothing'})`,
    );
  const tlp = checkLevel('tlp', request.tlp);
  const pap = checkLevel('pap', request.pap);
  const parameters = request.parameters ?? {};
  if (typeof parameters !== 'object' || Array.isArray(parameters))
    throw badRequest('parameters: must be an object');
  let data: string | null = null;
  if (request.file) {
    if (request.data !== undefined && request.data !== null && request.data !== '')
      throw badRequest('Send either data or a file, not both');
    if (request.file.bytes.length > a.config.maxFileBytes)
      throw new PropolisError(
        'PayloadTooLarge',
        `The file is larger than the limit of ${a.config.maxFileBytes} bytes`,
      );
  } else if (type === 'responder') {
    if (typeof request.data !== 'object' || request.data === null || Array.isArray(request.data))
      throw badRequest('data: a responder runs on an object (the case, task, alert, observable or log)');
    data = JSON.stringify(request.data);
  } else {
    if (typeof request.data !== 'string' || request.data === '')
      throw badRequest(`data: is required (a string, or a file for dataType file)`);
    if (request.dataType === 'file')
      throw badRequest('dataType file: send the file as a multipart part named data or attachment');
    data = request.data;
  }
  const parametersJson = JSON.stringify(parameters);
  const fileSha256 = request.file ? createHash('sha256').update(request.file.bytes).digest('hex') : undefined;
  const cacheTag = createHash('md5')
    .update(`${worker.row.id}|${request.dataType}|${tlp}|${data ?? fileSha256}|${parametersJson}`)
    .digest('hex');
  const db = analysisDb(a.deps.db);
  const now = Date.now();
  if (type === 'analyzer' && !request.force) {
    const minutes = worker.row.job_cache ?? a.config.cacheMinutes;
    if (minutes > 0) {
      const hit = await cachedJob(db, cacheTag, now - minutes * 60_000);
      if (
        hit &&
        hit.organisation_id === ctx.actor.organisationId &&
        (link.observableId === undefined || hit.observable_id === link.observableId)
      )
        return { job: hit, fromCache: true };
    }
  }
  if (worker.row.rate && worker.row.rate_unit) {
    const window = RATE_UNITS[worker.row.rate_unit]! * 1000;
    const count = await countJobsSince(db, worker.row.id, now - window);
    if (count >= worker.row.rate)
      throw new PropolisError(
        'RateLimitExceeded',
        `${worker.row.name} may run ${worker.row.rate} times per ${worker.row.rate_unit.toLowerCase()} in ${ctx.actor.organisationName}: the limit is reached`,
      );
  }
  const job = await inTransaction(a.deps, async (trx) => {
    let attachment: Attachment | undefined;
    if (request.file) {
      const stored = await storeAttachment(trx, a.deps.config, scopeOf(ctx), request.file, ctx.actor.login);
      attachment = {
        name: stored.name,
        hashes: [stored.blob_sha256, stored.sha1, stored.md5],
        size: stored.size,
        contentType: stored.content_type,
        id: stored.blob_sha256,
      };
    }
    const columns: NewJobColumns = {
      type,
      worker_id: worker.row.id,
      worker_name: worker.row.name,
      worker_definition_id: worker.row.definition_id,
      data_type: request.dataType,
      data,
      attachment: attachment ? JSON.stringify(attachment) : null,
      tlp,
      pap,
      message: request.message ?? '',
      parameters: parametersJson,
      label: request.label ?? null,
      cache_tag: cacheTag,
    };
    const details = {
      ...(link.observableId !== undefined ? { observableId: formatId(link.observableId) } : {}),
      ...(link.objectType ? { objectType: link.objectType, objectId: formatId(link.objectId ?? 0) } : {}),
    };
    return insertNewJob(trx, ctx, link, now, columns, details);
  });
  a.wake();
  return { job, fromCache: false };
}
