/**
 * Turns a route of the table into concrete requests aimed at one organisation's objects: path
 * parameters and the id-like fields of the body are filled with that organisation's ids, chosen by
 * the parameter's name and the path segment before it, and the rest of the body is a minimal valid
 * instance of the route's schema, so the request gets past validation to the point where the
 * organisation is checked.
 */
import type { Route, Schema } from './route-table.js';
import type { TenantIds } from './tenant-fixture.js';

/** What a path segment names, for the `{id}` that follows it. */
const KIND_OF_SEGMENT: Record<string, keyof TenantIds | string> = {
  case: 'case',
  task: 'task',
  log: 'log',
  observable: 'observable',
  artifact: 'observable',
  alert: 'alert',
  user: 'user',
  organisation: 'org',
  caseTemplate: 'template',
  template: 'template',
  attachment: 'attachment',
  attachments: 'logAttachment',
  stream: 'stream',
  notification: 'notification',
  datastore: 'hash',
  datastorezip: 'hash',
  // platform-wide objects: the same for every organisation
  profile: '=analyst',
  customField: '=matrix-field',
  customFields: '=matrix-field',
  type: '=domain',
  // collaboration (docs/collaboration.md)
  comment: 'comment',
  page: 'kbPage',
  pageTemplate: 'pageTemplate',
  procedure: 'procedure',
  customEvent: 'customEvent',
  pattern: '=T1566',
  taxonomy: '=matrix-taxonomy',
  tag: 'freeTag',
};

const KIND_OF_PARAM: Record<string, keyof TenantIds> = {
  caseId: 'case',
  taskId: 'task',
  attachmentId: 'attachment',
  other: 'case2',
  user: 'user',
  hash: 'hash',
  pageId: 'page',
};

/** The kind of object `{param}` names in `path`. */
export function paramKind(path: string, param: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  if (param === 'ids') return 'ids';
  if (param in KIND_OF_PARAM) {
    // `/log/{id}/attachments/{attachmentId}` is the log's attachment
    if (param === 'attachmentId' && segments[at - 1] === 'attachments') return 'logAttachment';
    return KIND_OF_PARAM[param]!;
  }
  for (let i = at - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.startsWith('{') || s.startsWith('_') || s === 'merge' || s === 'import') continue;
    if (s in KIND_OF_SEGMENT) return KIND_OF_SEGMENT[s]!;
  }
  return param === 'idOrName' ? '=domain' : 'case';
}

function idFor(ids: TenantIds, kind: string): string {
  if (kind.startsWith('=')) return kind.slice(1);
  if (kind === 'ids') return `${ids.case},${ids.case2}`;
  return String(ids[kind as keyof TenantIds]);
}

export function fillPath(route: Route, idsOf: (param: string) => TenantIds): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, param: string) =>
    encodeURIComponent(idFor(idsOf(param), paramKind(route.path, param))).replace(/%2C/g, ','),
  );
}

/** The kind of object a bulk or creation route's body ids name (`/api/case/artifact/_bulk` → observable). */
function bodyKind(path: string): keyof TenantIds {
  if (/artifact|observable/.test(path)) return 'observable';
  if (/alert/.test(path)) return 'alert';
  if (/task\/log|\/log/.test(path)) return 'log';
  if (/task/.test(path)) return 'task';
  if (/procedure/.test(path)) return 'procedure';
  if (/user/.test(path)) return 'user';
  return 'case';
}

/** A value for a body field named `name`, ids taken from `ids`. */
function idField(name: string, ids: TenantIds, path: string): unknown {
  switch (name) {
    case 'caseId':
    case 'case':
      // a case is linked to another one
      return /\/link\/case\//.test(path) ? ids.case2 : ids.case;
    case 'patternId':
      return 'T1566';
    case 'url':
      return 'https://matrix.example/link';
    case 'pageTemplateIds':
      return [ids.pageTemplate];
    case 'taskId':
      return ids.task;
    case 'alertId':
      return ids.alert;
    case 'alertIds':
      return [ids.alert, ids.alert2];
    case 'ids':
      return [ids[bodyKind(path)]];
    case 'assignee':
    case 'owner':
    case 'user':
    case 'login':
      return ids.user;
    case 'organisation':
      return ids.org;
    case 'organisations':
      return [{ organisation: ids.org, profile: 'analyst' }];
    case 'caseTemplate':
    case 'template':
      return ids.templateName;
    default:
      return undefined;
  }
}

const ID_FIELDS = [
  'caseId',
  'taskId',
  'alertId',
  'alertIds',
  'ids',
  'assignee',
  'owner',
  'caseTemplate',
  'template',
  'organisation',
];

/** Optional fields filled anyway, so that creations pass validation and reach the organisation check. */
const USUAL_FIELDS = ['title', 'description', 'message', 'dataType', 'data', 'name'];

function scalarFor(name: string, schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.enum?.length) return schema.enum[0];
  switch (type) {
    case 'integer':
    case 'number':
      if (/severity|tlp|pap/.test(name)) return 2;
      return typeof schema.minimum === 'number' && schema.minimum > 1 ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (name === 'dataType') return 'domain';
      if (name === 'data') return 'matrix.example';
      if (name === 'type') return 'string';
      return 'matrix probe';
    default:
      return undefined;
  }
}

/** A minimal instance of `schema` with the id-like fields aimed at `ids`. */
export function instance(
  schema: Schema | undefined,
  ids: TenantIds,
  path: string,
  name = '',
  depth = 0,
): unknown {
  if (!schema || depth > 6) return undefined;
  const id = idField(name, ids, path);
  if (id !== undefined) return id;
  if (schema.anyOf) {
    const first = schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0];
    return instance(first, ids, path, name, depth);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    const props = schema.properties ?? {};
    for (const key of Object.keys(props)) {
      if (!(schema.required ?? []).includes(key) && !ID_FIELDS.includes(key) && !USUAL_FIELDS.includes(key))
        continue;
      const v = instance(props[key], ids, path, key, depth + 1);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (type === 'array') {
    const item = instance(schema.items, ids, path, name, depth + 1);
    return item === undefined ? [] : [item];
  }
  return scalarFor(name, schema);
}

/**
 * Bodies for a route: from its schema when it declares one, otherwise a body holding every id-like
 * field (multipart-capable routes such as alert creation read JSON without a declared schema),
 * plus the probes of the query endpoints, which name objects inside their filters.
 */
export function bodiesFor(route: Route, ids: TenantIds): unknown[] {
  if (route.method === 'GET' || route.method === 'DELETE') return [undefined];
  const path = route.path;
  if (path === '/api/v1/query') {
    return [
      [{ _name: 'getCase', idOrName: ids.case }],
      [{ _name: 'getCase', idOrName: ids.case }, { _name: 'tasks' }],
      [{ _name: 'getTask', idOrName: ids.task }, { _name: 'logs' }],
      [{ _name: 'getObservable', idOrName: ids.observable }],
      [{ _name: 'getAlert', idOrName: ids.alert }, { _name: 'observables' }],
      [{ _name: 'getLog', idOrName: ids.log }],
      [{ _name: 'listCase' }, { _name: 'filter', _id: ids.case }],
      [{ _name: 'listAlert' }],
      [{ _name: 'listOrganisation' }],
      [{ _name: 'listUser' }],
      [{ _name: 'getCaseTemplate', idOrName: ids.template }],
      [{ _name: 'listAudit' }],
      [{ _name: 'getCase', idOrName: ids.case }, { _name: 'comments' }],
      [{ _name: 'getCase', idOrName: ids.case }, { _name: 'pages' }],
      [{ _name: 'getCase', idOrName: ids.case }, { _name: 'procedures' }],
      [{ _name: 'getComment', idOrName: ids.comment }],
      [{ _name: 'listComment' }],
      [{ _name: 'listOrganisationPage' }],
      [{ _name: 'listPageTemplate' }],
      [{ _name: 'listProcedure' }],
      [{ _name: 'getCaseTemplate', idOrName: ids.template }, { _name: 'pageTemplates' }],
    ].map((query) => ({ query }));
  }
  if (path === '/api/v1/stix/export')
    return [
      { caseId: ids.case },
      { alertId: ids.alert },
      { query: [{ _name: 'getCase', idOrName: ids.case }, { _name: 'observables' }] },
    ];
  if (/\/_search$|\/_stats$/.test(path)) {
    const kind = bodyKind(path.replace(/\/_(search|stats)$/, ''));
    const stats = path.endsWith('_stats') ? { stats: [{ _agg: 'count' }] } : { range: 'all' };
    return [
      { query: { _id: ids[kind] }, ...stats },
      { query: {}, ...stats },
    ];
  }
  if (route.bodySchema) return [instance(route.bodySchema, ids, path)];
  const body: Record<string, unknown> = {
    title: 'matrix probe',
    description: 'matrix probe',
    message: 'matrix probe',
    type: 'matrix',
    source: 'matrix',
    sourceRef: `matrix-${Math.random().toString(36).slice(2)}`,
    dataType: 'domain',
    data: 'matrix.example',
  };
  for (const field of ID_FIELDS) {
    const v = idField(field, ids, path);
    if (v !== undefined) body[field] = v;
  }
  return [body];
}
