/**
 * Cortex's wire shapes: workers (enabled analyzers and responders), definitions, jobs, reports and
 * artifacts. Dates are epoch milliseconds; every entity has `id` (Cortex4py needs it) and `_id`.
 */
import { formatId } from '@propolis/server/extension';
import type { JobRow } from '../db/jobs.js';
import { maskSecrets } from '../definitions/base-config.js';
import type { WorkerDefinition } from '../definitions/definition.js';
import type { StoredArtifact } from '../domain/finish-job.js';
import type { WorkerView } from '../domain/workers.js';
import { cortexStamps } from './cortex-stamps.js';
import { jobWorkerFields } from './job-worker-fields.js';
import type { ArtifactOut, DefinitionOut, JobOut, WorkerOut } from './schemas.js';

const parse = (text: string | null, fallback: unknown): unknown => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};

export function definitionJson(d: WorkerDefinition): DefinitionOut {
  return {
    id: d.id,
    name: d.name,
    version: d.version,
    description: d.description,
    dataTypeList: d.dataTypeList,
    author: d.author,
    url: d.url,
    license: d.license,
    baseConfig: d.baseConfig ?? null,
    configurationItems: d.configurationItems.map((i) => ({ ...i })),
    dockerImage: d.dockerImage ?? null,
    command: d.command ? d.command.split('/').pop() : d.builtin ? 'builtin' : null,
  };
}

export function workerJson(v: WorkerView, options: { withConfiguration: boolean }): WorkerOut {
  const { row, definition: d } = v;
  const configuration = parse(row.configuration, {}) as Record<string, unknown>;
  const out: WorkerOut = {
    id: row.id,
    _id: row.id,
    _type: row.type,
    name: row.name,
    workerDefinitionId: row.definition_id,
    version: d?.version ?? null,
    description: d?.description ?? 'The definition of this worker is no longer available',
    author: d?.author ?? null,
    url: d?.url ?? null,
    license: d?.license ?? null,
    dataTypeList: d?.dataTypeList ?? [],
    baseConfig: d?.baseConfig ?? null,
    type: row.type,
    rate: row.rate,
    rateUnit: row.rate_unit,
    jobCache: row.job_cache,
    jobTimeout: row.job_timeout,
    autoRun: row.auto_run === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
  if (row.type === 'analyzer') out.analyzerDefinitionId = row.definition_id;
  else {
    out.responderDefinitionId = row.definition_id;
    out.maxTlp = configuration.max_tlp ?? null;
    out.maxPap = configuration.max_pap ?? null;
  }
  if (options.withConfiguration) out.configuration = maskSecrets(d?.configurationItems ?? [], configuration);
  return out;
}

export function jobJson(row: JobRow, options: { fromCache?: boolean; organisation: string }): JobOut {
  const id = formatId(row.id);
  const out: JobOut = {
    id,
    _id: id,
    _type: 'job',
    type: row.type,
    organization: options.organisation,
    status: row.status,
    workerId: row.worker_id,
    workerName: row.worker_name,
    workerDefinitionId: row.worker_definition_id,
    dataType: row.data_type,
    tlp: row.tlp,
    pap: row.pap,
    message: row.message,
    parameters: parse(row.parameters, {}),
    cacheTag: row.cache_tag,
    date: row.created_at,
    ...cortexStamps(row.created_at, row.created_by, row.updated_at, row.updated_by),
  };
  Object.assign(out, jobWorkerFields(row, 'DefinitionId'));
  if (row.attachment) out.attachment = parse(row.attachment, null);
  else out.data = row.type === 'responder' ? parse(row.data, row.data) : row.data;
  if (row.label !== null) out.label = row.label;
  if (row.start_date !== null) out.startDate = row.start_date;
  if (row.end_date !== null) out.endDate = row.end_date;
  if (row.error_message !== null) out.errorMessage = row.error_message;
  if (row.input !== null) out.input = parse(row.input, row.input);
  if (options.fromCache) out.fromCache = true;
  return out;
}

export function artifactsOf(row: JobRow): StoredArtifact[] {
  return (parse(row.artifacts, []) as StoredArtifact[]) ?? [];
}

/** The `report` of /report and /waitreport. */
export function reportJson(row: JobRow): unknown {
  switch (row.status) {
    case 'Success': {
      const report = parse(row.report, {}) as Record<string, unknown>;
      return {
        summary: report.summary ?? {},
        full: report.full ?? {},
        success: true,
        artifacts: artifactsOf(row).map(({ id: _id, ...a }) => a),
        operations: report.operations ?? [],
      };
    }
    case 'Failure':
      return { errorMessage: row.error_message ?? '', input: row.input, success: false };
    case 'InProgress':
      return 'Running';
    default:
      return row.status;
  }
}

export function artifactJson(row: JobRow, a: StoredArtifact): ArtifactOut {
  return {
    ...a,
    _id: a.id,
    _type: 'artifact',
    _parent: formatId(row.id),
    createdAt: row.end_date ?? row.created_at,
    createdBy: row.created_by,
  };
}
