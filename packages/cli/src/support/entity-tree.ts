/**
 * Cases (with tasks, logs, observables and their files) and alerts (with observables) read from one
 * server and written to another through the v1 API: the shared part of `propolis export|import` and
 * `propolis migrate-from-thehive`. Reading uses the v1 query language (TheHive 4 and 5 speak it);
 * files are fetched with the v1 download routes, falling back to TheHive's v0 datastore. Writing
 * goes through the client's namespaces (case, task, taskLog, alert).
 */
import type {
  InputAlert,
  InputCase,
  InputLog,
  InputObservable,
  InputTask,
  InputUpdateCase,
} from '@propolis/client';
import { ALERT_CONTENT_FIELDS } from '@propolis/core';
import type { Remote } from './remote.js';

export type Json = Record<string, unknown>;

export interface FileBytes {
  name: string;
  contentType: string;
  /** base64 in export files */
  data: string;
}

export interface ObservableNode {
  source: Json;
  file?: FileBytes;
}
export interface LogNode {
  source: Json;
  files: FileBytes[];
}
export interface TaskNode {
  source: Json;
  logs: LogNode[];
}
export interface CaseTree {
  case: Json;
  tasks: TaskNode[];
  observables: ObservableNode[];
}
export interface AlertTree {
  alert: Json;
  observables: ObservableNode[];
}

const PAGE = 200;

/** Every result of a query pipeline, page by page. */
export async function queryAll(remote: Remote, steps: Json[], name = 'cli'): Promise<Json[]> {
  const out: Json[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await remote.json<Json[]>('POST', `/api/v1/query?name=${name}`, {
      query: [...steps, { _name: 'page', from, to: from + PAGE }],
    });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

export async function query(remote: Remote, steps: Json[], name = 'cli'): Promise<Json[]> {
  return remote.json<Json[]>('POST', `/api/v1/query?name=${name}`, { query: steps });
}

interface AttachmentRef {
  id: string;
  name: string;
  contentType?: string;
  hashes?: string[];
}

async function fetchFile(remote: Remote, paths: string[], a: AttachmentRef): Promise<FileBytes> {
  let lastError: unknown;
  for (const p of paths) {
    try {
      const bytes = await remote.download(p);
      return {
        name: a.name,
        contentType: a.contentType ?? 'application/octet-stream',
        data: bytes.toString('base64'),
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export async function observableFile(remote: Remote, o: Json): Promise<FileBytes | undefined> {
  const a = o.attachment as AttachmentRef | undefined;
  if (!a) return undefined;
  const id = encodeURIComponent(String(o._id));
  const att = encodeURIComponent(a.id);
  return fetchFile(
    remote,
    [`/api/v1/observable/${id}/attachment/${att}/download`, `/api/datastore/${att}`],
    a,
  );
}

export async function logFiles(remote: Remote, log: Json): Promise<FileBytes[]> {
  const list =
    (log.attachments as AttachmentRef[] | undefined) ??
    (log.attachment ? [log.attachment as AttachmentRef] : []);
  const out: FileBytes[] = [];
  for (const a of list) {
    const att = encodeURIComponent(a.id);
    out.push(await fetchFile(remote, [`/api/v1/attachment/${att}/download`, `/api/datastore/${att}`], a));
  }
  return out;
}

export async function readObservables(remote: Remote, steps: Json[]): Promise<ObservableNode[]> {
  const out: ObservableNode[] = [];
  for (const o of await queryAll(remote, [
    ...steps,
    { _name: 'observables' },
    { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
  ]))
    out.push({ source: o, file: await observableFile(remote, o) });
  return out;
}

export async function readTasks(remote: Remote, caseId: string): Promise<TaskNode[]> {
  const tasks = await queryAll(remote, [
    { _name: 'getCase', idOrName: caseId },
    { _name: 'tasks' },
    { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
  ]);
  const out: TaskNode[] = [];
  for (const t of tasks) {
    const logs = await queryAll(remote, [
      { _name: 'getTask', idOrName: String(t._id) },
      { _name: 'logs' },
      { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
    ]);
    const nodes: LogNode[] = [];
    for (const l of logs) nodes.push({ source: l, files: await logFiles(remote, l) });
    out.push({ source: t, logs: nodes });
  }
  return out;
}

export async function readCase(remote: Remote, idOrNumber: string): Promise<CaseTree> {
  const kase = await remote.json<Json>('GET', `/api/v1/case/${encodeURIComponent(idOrNumber)}`);
  const id = String(kase._id);
  return {
    case: kase,
    tasks: await readTasks(remote, id),
    observables: await readObservables(remote, [{ _name: 'getCase', idOrName: id }]),
  };
}

export async function readAlert(remote: Remote, id: string): Promise<AlertTree> {
  const alert = await remote.json<Json>('GET', `/api/v1/alert/${encodeURIComponent(id)}`);
  return {
    alert,
    observables: await readObservables(remote, [{ _name: 'getAlert', idOrName: String(alert._id) }]),
  };
}

// Writing ---------------------------------------------------------------------------------------

const pick = (o: Json, keys: readonly string[]): Json => {
  const out: Json = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  return out;
};

/** v1 `customFields` (a list) as the object form the v1 inputs take. */
export function customFieldsInput(list: unknown): Json | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: Json = {};
  for (const f of list as Array<{ name: string; value: unknown }>)
    if (f.value !== undefined) out[f.name] = f.value;
  return out;
}

/** What a case and a case template both set of a case. */
const CASE_PRESETS = ['description', 'severity', 'tags', 'flag', 'tlp', 'pap'] as const;

export const caseCreateBody = (c: Json): Json => ({
  ...pick(c, ['title', ...CASE_PRESETS, 'startDate']),
  customFields: customFieldsInput(c.customFields),
  tasks: [],
});

/** Fields set after creation: the closing state (a case is created open). */
export const caseUpdateBody = (c: Json): Json => ({
  ...pick(c, ['title', ...CASE_PRESETS, 'status', 'summary', 'impactStatus', 'resolutionStatus']),
});

export const taskBody = (t: Json): Json =>
  pick(t, [
    'title',
    'group',
    'description',
    'status',
    'flag',
    'startDate',
    'endDate',
    'order',
    'dueDate',
    'mandatory',
  ]);

export const caseTemplateBody = (t: Json): Json => ({
  name: String(t.name),
  ...pick(t, ['displayName', 'titlePrefix', ...CASE_PRESETS, 'summary']),
  tasks: ((t.tasks as Json[] | undefined) ?? []).map(taskBody),
  customFields: customFieldsInput(t.customFields),
});

export const observableBody = (o: Json): Json =>
  pick(o, [
    'dataType',
    'message',
    'startDate',
    'tlp',
    'pap',
    'tags',
    'ioc',
    'sighted',
    'sightedAt',
    'ignoreSimilarity',
  ]);

export const observableUpdateBody = (o: Json): Json =>
  pick(o, ['message', 'tlp', 'pap', 'tags', 'ioc', 'sighted', 'sightedAt', 'ignoreSimilarity']);

export const alertBody = (a: Json): Json => ({
  ...pick(a, ALERT_CONTENT_FIELDS),
  customFields: customFieldsInput(a.customFields),
});

const decode = (f: FileBytes) => ({
  name: f.name,
  contentType: f.contentType,
  data: Buffer.from(f.data, 'base64'),
});

/** Creates an observable of a case or an alert; answers its id. */
export async function createObservable(
  remote: Remote,
  parent: { case: string } | { alert: string },
  node: ObservableNode,
): Promise<string> {
  const body = (
    node.file ? observableBody(node.source) : { ...observableBody(node.source), data: node.source.data }
  ) as InputObservable;
  const options = node.file ? { file: decode(node.file) } : {};
  const created =
    'case' in parent
      ? await remote.client.case.createObservable(parent.case, body, options)
      : await remote.client.alert.createObservable(parent.alert, body, options);
  return String(created[0]?._id);
}

export async function createLog(remote: Remote, taskId: string, node: LogNode): Promise<string> {
  const body = pick(node.source, ['message', 'startDate', 'includeInTimeline']) as InputLog;
  const created = await remote.client.taskLog.create(taskId, body, { attachments: node.files.map(decode) });
  return String(created._id);
}

export async function createTask(remote: Remote, caseId: string, node: TaskNode): Promise<string> {
  const created = await remote.client.case.createTask(caseId, taskBody(node.source) as InputTask);
  return String(created._id);
}

/** Creates a case with everything under it; answers the new case. */
export async function writeCase(remote: Remote, tree: CaseTree): Promise<Json> {
  const created = await remote.client.case.create(caseCreateBody(tree.case) as InputCase);
  const id = String(created._id);
  for (const t of tree.tasks) {
    const taskId = await createTask(remote, id, t);
    for (const l of t.logs) await createLog(remote, taskId, l);
  }
  for (const o of tree.observables) await createObservable(remote, { case: id }, o);
  await closeLike(remote, id, tree.case);
  return created as unknown as Json;
}

/** Brings status and closing fields over once the content is in (a closed case takes no tasks). */
export async function closeLike(remote: Remote, id: string, source: Json): Promise<void> {
  const update = caseUpdateBody(source);
  if (update.status === 'Open' || update.status === 'New' || update.status === undefined) {
    delete update.status;
    delete update.resolutionStatus;
    delete update.impactStatus;
    delete update.summary;
  }
  if (Object.keys(update).length) await remote.client.case.update(id, update as InputUpdateCase);
}

/** Creates an alert with its observables; answers the new alert. */
export async function writeAlert(remote: Remote, tree: AlertTree): Promise<Json> {
  const plain = tree.observables
    .filter((o) => !o.file)
    .map((o) => ({ ...observableBody(o.source), data: o.source.data }));
  const created = await remote.client.alert.create({
    ...alertBody(tree.alert),
    observables: plain,
  } as InputAlert);
  const id = String(created._id);
  for (const o of tree.observables.filter((n) => n.file)) await createObservable(remote, { alert: id }, o);
  return created as unknown as Json;
}
