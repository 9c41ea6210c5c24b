/**
 * TheHive's side of Cortex (its "connector"): run an analyzer on an observable of a case or alert,
 * run a responder on a case, task, log, alert or observable. The job links to what it was run on,
 * so the report lands on the observable and the audit rows hang under the case or alert.
 * `cortexId` names the engine: `local` (embedded); other names are refused until external Cortex
 * servers are configured.
 */
import { badRequest, notFound } from '@propolis/core';
import {
  blobStore,
  findAttachment,
  findCase,
  getAlert,
  getCase,
  getLog,
  getTask,
  logV0,
  observableV0,
  observableViews,
  type RequestContext,
  renderAlertsV0,
  renderCasesV0,
  rootOf,
  scopeOf,
  taskV0,
  visibleObservable,
} from '@propolis/server/extension';
import type { Analysis } from './analysis.js';
import { runOnRemote, serverOf } from './remote-jobs.js';
import { type RunRequest, type RunResult, runJob } from './run-job.js';
import { getWorker } from './workers.js';

export const LOCAL_CORTEX = 'local';

export interface AnalyzerJobInput {
  analyzerId: string;
  artifactId: string;
  cortexId?: string;
  parameters?: Record<string, unknown>;
}

const isRemote = (cortexId: string | undefined) =>
  cortexId !== undefined && cortexId !== null && cortexId !== '' && cortexId !== LOCAL_CORTEX;

export async function runAnalyzerOnObservable(
  a: Analysis,
  ctx: RequestContext,
  input: AnalyzerJobInput,
  options: { auto?: boolean } = {},
): Promise<RunResult> {
  const remote = isRemote(input.cortexId);
  if (remote) serverOf(a, input.cortexId!);
  const worker = remote ? undefined : await getWorker(a, ctx, 'analyzer', input.analyzerId);
  const observable = await visibleObservable(a.deps.db, ctx, input.artifactId);
  let file: { filename: string; contentType: string; bytes: Buffer } | undefined;
  if (observable.attachment_id !== null) {
    const att = await findAttachment(a.deps.db, scopeOf(ctx), observable.attachment_id);
    const bytes = att ? await blobStore(a.deps.config).get(a.deps.db, att.blob_sha256) : undefined;
    if (!att || !bytes)
      throw notFound(`The file of observable ${input.artifactId} is missing from the store`);
    file = { filename: att.name, contentType: att.content_type, bytes };
  }
  const kase =
    observable.case_id !== null ? await findCase(a.deps.db, scopeOf(ctx), observable.case_id) : undefined;
  const request: RunRequest = {
    dataType: observable.data_type,
    data: file ? undefined : (observable.data ?? undefined),
    file,
    tlp: Math.min(observable.tlp, 3),
    pap: Math.min(kase?.pap ?? observable.pap, 3),
    // TheHive sends the case number as the message
    message: kase ? String(kase.number) : '',
    parameters: {
      organisation: ctx.actor.organisationName,
      user: ctx.actor.login,
      ...(input.parameters ?? {}),
    },
  };
  const link = { observableId: observable.id, rootId: rootOf(observable) ?? undefined };
  if (!worker) return runOnRemote(a, ctx, input.cortexId!, 'analyzer', input.analyzerId, request, link);
  return runJob(a, ctx, worker, request, link, options);
}

/** TheHive 5 names (v1) and TheHive 4 names (v0) of what a responder acts on. */
const OBJECT_TYPES: Record<string, string> = {
  case: 'case',
  alert: 'alert',
  case_task: 'case_task',
  task: 'case_task',
  case_artifact: 'case_artifact',
  observable: 'case_artifact',
  case_task_log: 'case_task_log',
  log: 'case_task_log',
};

export function objectTypeOf(name: string): string {
  const type = OBJECT_TYPES[name];
  if (!type) throw badRequest(`objectType: "${name}" is not one of ${Object.keys(OBJECT_TYPES).join(', ')}`);
  return type;
}

export interface Entity {
  objectType: string;
  id: number;
  rootId?: number;
  tlp: number;
  pap: number;
  json: Record<string, unknown>;
}

/** A case or an alert: its own audit root, with its own TLP and PAP. */
function rootEntity(
  objectType: Entity['objectType'],
  row: { id: number; tlp: number; pap: number },
  json: object | undefined,
): Entity {
  return {
    objectType,
    id: row.id,
    rootId: row.id,
    tlp: row.tlp,
    pap: row.pap,
    json: json as Record<string, unknown>,
  };
}

/** The entity a responder runs on, in TheHive 4's v0 shape (what Cortex responders read). */
export async function entityOf(
  a: Analysis,
  ctx: RequestContext,
  objectTypeName: string,
  id: string,
): Promise<Entity> {
  const objectType = objectTypeOf(objectTypeName);
  const deps = a.deps as Parameters<typeof getCase>[0];
  switch (objectType) {
    case 'case': {
      const view = await getCase(deps, ctx, id);
      return rootEntity(objectType, view.row, (await renderCasesV0(deps, ctx, [view]))[0]);
    }
    case 'alert': {
      const view = await getAlert(deps, ctx, id);
      return rootEntity(objectType, view.row, (await renderAlertsV0(deps, ctx, [view]))[0]);
    }
    case 'case_task': {
      const task = await getTask(deps, ctx, id);
      const kase = await findCase(a.deps.db, scopeOf(ctx), task.case_id);
      return {
        objectType,
        id: task.id,
        rootId: task.case_id,
        tlp: kase?.tlp ?? 2,
        pap: kase?.pap ?? 2,
        json: taskV0(task),
      };
    }
    case 'case_task_log': {
      const log = await getLog(deps, ctx, id);
      const kase = await findCase(a.deps.db, scopeOf(ctx), log.log.case_id);
      return {
        objectType,
        id: log.log.id,
        rootId: log.log.case_id,
        tlp: kase?.tlp ?? 2,
        pap: kase?.pap ?? 2,
        json: logV0(log.log, log.attachments) as Record<string, unknown>,
      };
    }
    default: {
      const row = await visibleObservable(a.deps.db, ctx, id);
      const [view] = await observableViews(a.deps.db, scopeOf(ctx), [row], { seen: false });
      return {
        objectType,
        id: row.id,
        rootId: rootOf(row) ?? undefined,
        tlp: row.tlp,
        pap: row.pap,
        json: observableV0(view!),
      };
    }
  }
}

export interface ActionInput {
  responderId: string;
  objectType: string;
  objectId: string;
  cortexId?: string;
  parameters?: Record<string, unknown>;
  tlp?: number;
}

export async function runResponderOn(
  a: Analysis,
  ctx: RequestContext,
  input: ActionInput,
): Promise<RunResult> {
  const remote = isRemote(input.cortexId);
  if (remote) serverOf(a, input.cortexId!);
  const worker = remote ? undefined : await getWorker(a, ctx, 'responder', input.responderId);
  const entity = await entityOf(a, ctx, input.objectType, input.objectId);
  const request: RunRequest = {
    dataType: `thehive:${entity.objectType}`,
    data: entity.json,
    tlp: input.tlp ?? Math.min(entity.tlp, 3),
    pap: Math.min(entity.pap, 3),
    message: '',
    parameters: {
      organisation: ctx.actor.organisationName,
      user: ctx.actor.login,
      ...(input.parameters ?? {}),
    },
  };
  const link = { objectType: entity.objectType, objectId: entity.id, rootId: entity.rootId };
  if (!worker) return runOnRemote(a, ctx, input.cortexId!, 'responder', input.responderId, request, link);
  return runJob(a, ctx, worker, request, link);
}
