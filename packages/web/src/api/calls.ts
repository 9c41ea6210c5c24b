/**
 * Typed calls of the v1 API the screens use, on the core wire types. Kept small and flat so it can be
 * swapped for @propolis/client's namespaced calls when that client is browser-safe.
 */
import type {
  AlertOutputV1,
  AlertUpdateBodyV1,
  CaseOutputV1,
  CaseTemplateOutputV1,
  CustomFieldOutputV1,
  LogOutputV1,
  ObservableOutputV1,
  OrganisationOutputV1,
  ProfileOutputV1,
  TaskOutputV1,
  UserOutputV1,
} from '@propolis/core';
import type { Static } from 'typebox';
import { call, del, get, patch, post } from './http';

export type Alert = AlertOutputV1;
export type Case = CaseOutputV1;
export type Task = TaskOutputV1;
export type Log = LogOutputV1;
export type Observable = ObservableOutputV1;
export type User = UserOutputV1;
export type Organisation = OrganisationOutputV1;
export type Profile = ProfileOutputV1;
export type CustomField = CustomFieldOutputV1;
export type CaseTemplate = CaseTemplateOutputV1;
export type AlertUpdate = Static<typeof AlertUpdateBodyV1>;
export type ObservableType = { _id: string; name: string; isAttachment: boolean; isCaseSensitive: boolean };

export interface PublicStatus {
  version: string;
  authType: string[];
  ssoProviders: SsoProvider[];
  ssoAutoLogin: boolean;
}

/** A single sign-on provider of /api/v1/status/public: its button starts at `loginUrl`. */
export interface SsoProvider {
  name: string;
  type: string;
  label: string;
  loginUrl: string;
}

/** A step of a v1 query pipeline (docs/query.md). */
export type QueryStep = { _name: string } & Record<string, unknown>;

export const api = {
  status: () => get<PublicStatus>('/api/v1/status/public'),
  login: (user: string, password: string, code?: string) =>
    call<User>('POST', '/api/v1/login', { body: { user, password, code }, quiet401: true }).then(
      (a) => a.body,
    ),
  logout: () => post<void>('/api/v1/logout'),
  currentUser: () => call<User>('GET', '/api/v1/user/current', { quiet401: true }).then((a) => a.body),

  /** Runs a query; `total` is the X-Total of a page with extraData ["total"] ("1000+" past the cap). */
  async query<T>(steps: QueryStep[], signal?: AbortSignal): Promise<{ rows: T[]; total?: number }> {
    const answer = await call<T[]>('POST', '/api/v1/query', { body: { query: steps }, signal });
    const total = answer.headers.get('x-total');
    return { rows: answer.body, total: total === null ? undefined : Number(total) };
  },

  alert: {
    get: (id: string) => get<Alert>(`/api/v1/alert/${encodeURIComponent(id)}`),
    update: (id: string, body: AlertUpdate) => patch<void>(`/api/v1/alert/${encodeURIComponent(id)}`, body),
    bulkUpdate: (ids: string[], body: AlertUpdate) => patch<void>('/api/v1/alert/_bulk', { ids, ...body }),
    action: (id: string, action: 'read' | 'unread' | 'follow' | 'unfollow') =>
      post<Alert>(`/api/v1/alert/${encodeURIComponent(id)}/${action}`),
    createCase: (id: string) => post<Case>(`/api/v1/alert/${encodeURIComponent(id)}/case`, {}),
    mergeInto: (id: string, caseId: string) =>
      post<Case>(`/api/v1/alert/${encodeURIComponent(id)}/merge/${encodeURIComponent(caseId)}`),
    observables: (id: string) =>
      api
        .query<Observable>([{ _name: 'getAlert', idOrName: id }, { _name: 'observables' }])
        .then((r) => r.rows),
  },

  case: {
    get: (id: string) => get<Case>(`/api/v1/case/${encodeURIComponent(id)}`),
    create: (body: Record<string, unknown>) => post<Case>('/api/v1/case', body),
    update: (id: string, body: Record<string, unknown>) =>
      patch<void>(`/api/v1/case/${encodeURIComponent(id)}`, body),
    tasks: (id: string) =>
      api
        .query<Task>([
          { _name: 'getCase', idOrName: id },
          { _name: 'tasks' },
          { _name: 'sort', _fields: [{ order: 'asc' }, { _createdAt: 'asc' }] },
        ])
        .then((r) => r.rows),
    observables: (id: string) =>
      api
        .query<Observable>([
          { _name: 'getCase', idOrName: id },
          { _name: 'observables' },
          { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
        ])
        .then((r) => r.rows),
    addTask: (id: string, body: { title: string; description?: string; group?: string }) =>
      post<Task>(`/api/v1/case/${encodeURIComponent(id)}/task`, body),
    addObservable: (id: string, body: { dataType: string; data: string; message?: string; ioc?: boolean }) =>
      post<Observable[]>(`/api/v1/case/${encodeURIComponent(id)}/observable`, body),
  },

  task: {
    update: (id: string, body: Record<string, unknown>) =>
      patch<void>(`/api/v1/task/${encodeURIComponent(id)}`, body),
    logs: (id: string) =>
      api
        .query<Log>([
          { _name: 'getTask', idOrName: id },
          { _name: 'logs' },
          { _name: 'sort', _fields: [{ date: 'asc' }] },
        ])
        .then((r) => r.rows),
    addLog: (id: string, message: string) =>
      post<Log>(`/api/v1/task/${encodeURIComponent(id)}/log`, { message }),
  },

  admin: {
    organisations: () => api.query<Organisation>([{ _name: 'listOrganisation' }]).then((r) => r.rows),
    createOrganisation: (body: { name: string; description: string }) =>
      post<Organisation>('/api/v1/organisation', body),
    users: () =>
      api
        .query<User>([{ _name: 'listUser' }, { _name: 'sort', _fields: [{ login: 'asc' }] }])
        .then((r) => r.rows),
    createUser: (body: {
      login: string;
      name: string;
      profile: string;
      organisation?: string;
      password?: string;
    }) => post<User>('/api/v1/user', body),
    lockUser: (id: string, locked: boolean) =>
      patch<void>(`/api/v1/user/${encodeURIComponent(id)}`, { locked }),
    profiles: () => get<Profile[]>('/api/v1/profile'),
    customFields: () => get<CustomField[]>('/api/v1/customField'),
    createCustomField: (body: {
      name: string;
      displayName?: string;
      description: string;
      type: string;
      mandatory?: boolean;
      options?: unknown[];
    }) => post<CustomField>('/api/v1/customField', body),
    observableTypes: () => api.query<ObservableType>([{ _name: 'listObservableType' }]).then((r) => r.rows),
    createObservableType: (body: { name: string; isAttachment?: boolean }) =>
      post<ObservableType>('/api/v1/observable/type', body),
    caseTemplates: () => get<CaseTemplate[]>('/api/v1/caseTemplate'),
    createCaseTemplate: (body: Record<string, unknown>) => post<CaseTemplate>('/api/v1/caseTemplate', body),
    deleteCaseTemplate: (id: string) => del<void>(`/api/v1/caseTemplate/${encodeURIComponent(id)}`),
  },
};
