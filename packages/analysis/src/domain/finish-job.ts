/**
 * Recording the end of a job, in one transaction: the job's status, report and artifacts (artifact
 * files stored as attachments of the organisation), the observable's short report (its `reports`,
 * keyed by analyzer name, holding the taxonomies), and the audit row TheHive writes for a finished
 * job (`update` of `Job` — or `Action` for a responder — with the new status; what notifications'
 * JobFinished trigger reads). Only the node holding the job's lease can record it.
 */
import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  findObservable,
  formatId,
  inTransaction,
  storeAttachment,
  updateObservable,
} from '@propolis/server/extension';
import { finishJob, type JobRow } from '../db/jobs.js';
import { analysisDb } from '../db/schema.js';
import type { WorkerType } from '../definitions/definition.js';
import { taxonomiesOf, type WorkerResult } from '../runner/worker-io.js';
import type { Analysis } from './analysis.js';
import { auditTypeOf } from './new-job.js';

export interface StoredArtifact {
  id: string;
  dataType: string;
  data?: string;
  attachment?: { name: string; hashes: string[]; size: number; contentType: string; id: string };
  tlp: number;
  tags: string[];
  message?: string;
}

const parseObject = (text: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
};

/** Configuration values that are secrets: never kept in a failed job's `input` (readable by members). */
const SECRET = /key|password|secret|token|authorization/i;

/** Also the items of type password of the worker's definition, whatever their name. */
function redactInput(input: unknown, passwords: ReadonlySet<string>): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const out = { ...(input as Record<string, unknown>) };
  const config = out.config;
  if (config && typeof config === 'object' && !Array.isArray(config))
    out.config = Object.fromEntries(
      Object.entries(config).map(([k, v]) => [
        k,
        (SECRET.test(k) || passwords.has(k)) && v !== null && v !== '' ? 'REMOVED' : v,
      ]),
    );
  return out;
}

const passwordItems = (a: Analysis, job: JobRow): Set<string> =>
  new Set(
    (a.catalog.get(job.type as WorkerType, job.worker_definition_id)?.configurationItems ?? [])
      .filter((i) => i.type === 'password')
      .map((i) => i.name),
  );

export async function recordJobResult(
  a: Analysis,
  job: JobRow,
  owner: string,
  result: WorkerResult,
  input: unknown,
): Promise<JobRow | undefined> {
  const now = Date.now();
  const scope = { organisationId: job.organisation_id, platformAdmin: false };
  return inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    let finished: JobRow | undefined;
    if (result.success) {
      const artifacts: StoredArtifact[] = [];
      for (const [i, art] of result.artifacts.entries()) {
        const stored: StoredArtifact = {
          id: `${formatId(job.id)}-${i}`,
          dataType: art.dataType,
          tlp: art.tlp ?? 2,
          tags: art.tags ?? [],
          ...(art.message !== undefined ? { message: art.message } : {}),
        };
        if (art.file) {
          const att = await storeAttachment(trx, a.deps.config, scope, art.file, job.created_by);
          stored.attachment = {
            name: att.name,
            hashes: [att.blob_sha256, att.sha1, att.md5],
            size: att.size,
            contentType: att.content_type,
            id: att.blob_sha256,
          };
        } else stored.data = art.data;
        artifacts.push(stored);
      }
      finished = await finishJob(db, job.id, owner, {
        status: 'Success',
        end_date: now,
        updated_at: now,
        report: JSON.stringify({ summary: result.summary, full: result.full, operations: result.operations }),
        artifacts: JSON.stringify(artifacts),
        error_message: null,
        input: null,
      });
      if (finished && finished.observable_id !== null && finished.type === 'analyzer') {
        const observable = await findObservable(trx, scope, finished.observable_id);
        if (observable) {
          const reports = parseObject(observable.reports);
          reports[finished.worker_name] = { taxonomies: taxonomiesOf(result.summary) };
          await updateObservable(trx, scope, observable.id, { reports: JSON.stringify(reports) });
        }
      }
    } else {
      finished = await finishJob(db, job.id, owner, {
        status: 'Failure',
        end_date: now,
        updated_at: now,
        error_message: result.errorMessage,
        input: JSON.stringify(redactInput(result.input ?? input ?? null, passwordItems(a, job))),
        report: null,
      });
    }
    if (!finished) return undefined;
    await appendAudit(
      trx,
      { requestId: randomUUID(), login: job.created_by, organisationId: job.organisation_id },
      [
        {
          action: 'update',
          objectType: auditTypeOf(job.type),
          objectId: formatId(job.id),
          rootId: job.root_id !== null ? formatId(job.root_id) : undefined,
          details: {
            status: finished.status,
            endDate: now,
            [job.type === 'analyzer' ? 'analyzerName' : 'responderName']: job.worker_name,
            ...(job.observable_id !== null ? { observableId: formatId(job.observable_id) } : {}),
          },
        },
      ],
    );
    return finished;
  });
}
