/**
 * Importing the artifacts of an analyzer's report as observables (TheHive's "import" of report
 * artifacts): into the case — or alert — of the job's observable, as the caller, with the caller's
 * permission to add observables there. Values become observables of their data type; files (those a
 * local worker wrote and those downloaded from an external Cortex) are the attachments the job
 * stored. An observable already there gets the artifact's tags, as when observables are added.
 */
import { badRequest, PropolisError } from '@propolis/core';
import {
  createObservables,
  formatId,
  type ObservableView,
  type RequestContext,
  requirePermission,
  visibleObservable,
} from '@propolis/server/extension';
import type { Analysis } from './analysis.js';
import type { StoredArtifact } from './finish-job.js';
import { getJob } from './jobs.js';

export interface ImportFailure {
  artifactId: string;
  type: string;
  message: string;
}

export async function importArtifacts(
  a: Analysis,
  ctx: RequestContext,
  jobId: string,
  artifactIds?: string[],
): Promise<{ observables: ObservableView[]; failures: ImportFailure[] }> {
  const job = await getJob(a, ctx, jobId);
  if (job.type !== 'analyzer')
    throw badRequest(`${jobId} is a responder action: it has no artifacts to import`);
  if (job.status !== 'Success')
    throw badRequest(`Job ${jobId} is ${job.status}: only a successful job's artifacts can be imported`);
  if (job.observable_id === null)
    throw badRequest(
      `Job ${jobId} was not run on an observable of a case or alert: its artifacts have nowhere to go`,
    );
  const observable = await visibleObservable(a.deps.db, ctx, formatId(job.observable_id));
  const parent =
    observable.case_id !== null
      ? { kind: 'case' as const, id: observable.case_id }
      : { kind: 'alert' as const, id: observable.alert_id as number };
  requirePermission(ctx, parent.kind === 'alert' ? 'manageAlert/update' : 'manageObservable');
  const all = JSON.parse(job.artifacts ?? '[]') as StoredArtifact[];
  if (artifactIds) {
    const unknown = artifactIds.filter((id) => !all.some((x) => x.id === id));
    if (unknown.length > 0)
      throw badRequest(
        `artifactIds: ${unknown.join(', ')} not in job ${jobId} (its artifacts: ${all.map((x) => x.id).join(', ') || 'none'})`,
      );
  }
  const chosen = artifactIds ? all.filter((x) => artifactIds.includes(x.id)) : all;
  const observables: ObservableView[] = [];
  const failures: ImportFailure[] = [];
  for (const artifact of chosen) {
    const common = {
      dataType: artifact.dataType,
      tlp: artifact.tlp,
      tags: artifact.tags,
      ...(artifact.message ? { message: artifact.message } : {}),
    };
    try {
      const created = await createObservables(
        a.deps,
        ctx,
        parent,
        artifact.attachment
          ? {
              ...common,
              attachment: {
                id: artifact.attachment.id,
                name: artifact.attachment.name,
                contentType: artifact.attachment.contentType,
              },
            }
          : { ...common, data: artifact.data ?? '' },
      );
      observables.push(...created.views);
    } catch (error) {
      // an artifact the platform refuses (unknown data type, bad value) does not stop the others
      if (!(error instanceof PropolisError) || (error.status !== 400 && error.status !== 409)) throw error;
      failures.push({ artifactId: artifact.id, type: error.type, message: error.message });
    }
  }
  return { observables, failures };
}
