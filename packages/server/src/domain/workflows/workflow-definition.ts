/**
 * A workflow: *when* an event (an alert or a case created or updated) whose object matches a v1
 * filter, then its `actions` in order (the key is not `then`: an object with `then` passes for a
 * promise). Written in the configuration file (`workflows:`), checked field
 * by field at start.
 *
 *   - name: ids-to-case
 *     organisation: soc
 *     when: { event: AlertCreated, filter: { _and: [{ _field: source, _value: suricata }, { _gte: { severity: 3 } }] } }
 *     actions:
 *       - importAlert: { caseTemplate: IDS }
 *       - addTags: [auto-imported]
 *       - webhook: { url: "https://…", body: '{"text": object.title}' }   # body: JSONata over {event, object}
 *     # also: mergeIntoSimilarCase: {}, assign: <login>, addTask: { title, group, description },
 *     #       runAnalyzers: [Propolis_FileInfo_1_0, ...]   (on the observables; needs the analysis engine)
 */
import { type Filter, parseV1Filter } from '@propolis/core';
import { compileMapping } from '@propolis/feeder';

export const WORKFLOW_EVENTS = ['AlertCreated', 'AlertUpdated', 'CaseCreated', 'CaseUpdated'] as const;
export type WorkflowEvent = (typeof WORKFLOW_EVENTS)[number];

export type WorkflowAction =
  | { kind: 'importAlert'; caseTemplate?: string }
  | { kind: 'mergeIntoSimilarCase' }
  | { kind: 'addTags'; tags: string[] }
  | { kind: 'assign'; login: string }
  | { kind: 'addTask'; title: string; group?: string; description?: string }
  | { kind: 'webhook'; url: string; method: string; headers: Record<string, string>; body?: string }
  | { kind: 'runAnalyzers'; analyzers: string[] };

export interface WorkflowDefinition {
  name: string;
  organisation: string;
  enabled: boolean;
  event: WorkflowEvent;
  filter?: Filter;
  rawFilter?: unknown;
  actions: WorkflowAction[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (where: string, message: string): never => {
  throw new Error(`${where}: ${message}`);
};

const ACTIONS = 'importAlert, mergeIntoSimilarCase, addTags, assign, addTask, webhook or runAnalyzers';

const optionalText = (value: Raw, key: string, where: string): string | undefined => {
  const v = value[key];
  if (v !== undefined && (typeof v !== 'string' || v === ''))
    fail(`${where}.${key}`, 'must be a non-empty string');
  return v as string | undefined;
};

function action(raw: unknown, where: string): WorkflowAction {
  if (!isObject(raw) || Object.keys(raw).length !== 1) return fail(where, `one action per item: ${ACTIONS}`);
  const [[kind, value]] = Object.entries(raw) as [[string, unknown]];
  switch (kind) {
    case 'importAlert': {
      const template = isObject(value) ? value.caseTemplate : undefined;
      if (template !== undefined && typeof template !== 'string')
        fail(`${where}.importAlert.caseTemplate`, 'must be a string');
      return { kind, caseTemplate: template as string | undefined };
    }
    case 'mergeIntoSimilarCase':
      if (value !== null && !isObject(value)) fail(`${where}.mergeIntoSimilarCase`, 'takes no settings: {}');
      return { kind };
    case 'assign':
      if (typeof value !== 'string' || value === '')
        fail(`${where}.assign`, 'the login of a user is required');
      return { kind, login: value as string };
    case 'addTask': {
      if (!isObject(value)) return fail(`${where}.addTask`, 'a mapping with a title is required');
      const title = optionalText(value, 'title', `${where}.addTask`);
      if (title === undefined) return fail(`${where}.addTask.title`, 'is required');
      return {
        kind,
        title,
        group: optionalText(value, 'group', `${where}.addTask`),
        description: optionalText(value, 'description', `${where}.addTask`),
      };
    }
    case 'addTags':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((t) => typeof t === 'string' && t !== '')
      )
        fail(`${where}.addTags`, 'a list of non-empty strings is required');
      return { kind, tags: value as string[] };
    case 'runAnalyzers': {
      const names = isObject(value) ? value.analyzers : value;
      if (
        !Array.isArray(names) ||
        names.length === 0 ||
        !names.every((t) => typeof t === 'string' && t !== '')
      )
        fail(`${where}.runAnalyzers`, 'a list of analyzer names (or {analyzers: [...]}) is required');
      return { kind, analyzers: names as string[] };
    }
    case 'webhook': {
      if (!isObject(value)) return fail(`${where}.webhook`, 'must be a mapping with url');
      if (typeof value.url !== 'string' || !/^https?:\/\//.test(value.url))
        fail(`${where}.webhook.url`, 'an http(s) URL is required');
      const headers = value.headers ?? {};
      if (!isObject(headers) || !Object.values(headers).every((h) => typeof h === 'string'))
        fail(`${where}.webhook.headers`, 'must map names to strings');
      if (value.body !== undefined) {
        if (typeof value.body !== 'string') fail(`${where}.webhook.body`, 'must be a JSONata expression');
        try {
          compileMapping(value.body as string, {});
        } catch (error) {
          fail(`${where}.webhook.body`, (error as Error).message);
        }
      }
      return {
        kind,
        url: value.url as string,
        method: typeof value.method === 'string' ? value.method.toUpperCase() : 'POST',
        headers: headers as Record<string, string>,
        body: value.body as string | undefined,
      };
    }
    default:
      return fail(where, `unknown action "${kind}": ${ACTIONS}`);
  }
}

export function parseWorkflow(raw: unknown, where: string): WorkflowDefinition {
  if (!isObject(raw)) return fail(where, 'must be a mapping');
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
    fail(`${where}.name`, 'letters, digits, ".", "_" and "-" only (at most 64)');
  if (typeof raw.organisation !== 'string' || raw.organisation === '')
    fail(`${where}.organisation`, 'a non-empty string is required');
  const when = raw.when;
  if (!isObject(when)) return fail(`${where}.when`, 'a mapping with event (and filter) is required');
  if (typeof when.event !== 'string' || !(WORKFLOW_EVENTS as readonly string[]).includes(when.event))
    fail(`${where}.when.event`, `one of ${WORKFLOW_EVENTS.join(', ')} is required`);
  let filter: Filter | undefined;
  if (when.filter !== undefined) {
    try {
      filter = parseV1Filter(when.filter, { path: `${where}.when.filter` });
    } catch (error) {
      fail(`${where}.when.filter`, (error as Error).message);
    }
  }
  if (!Array.isArray(raw.actions) || raw.actions.length === 0)
    fail(`${where}.actions`, 'a list of actions is required');
  return {
    name: name as string,
    organisation: raw.organisation as string,
    enabled: raw.enabled !== false,
    event: when.event as WorkflowEvent,
    filter,
    rawFilter: when.filter,
    actions: (raw.actions as unknown[]).map((a, i) => action(a, `${where}.actions[${i}]`)),
  };
}
