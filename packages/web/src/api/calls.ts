/**
 * The calls of the v1 API the screens use, by the names the screens know, each one a call of
 * @propolis/client (http.ts holds the client); types are the core wire types.
 */

import type {
  OutputCase as Case,
  OutputCaseTemplate as CaseTemplate,
  OutputCustomField as CustomField,
  InputCaseTemplate,
  OutputLog as Log,
  OutputObservable as Observable,
  OutputOrganisation as Organisation,
  OutputProfile as Profile,
  OutputPublicStatus as PublicStatus,
  OutputTask as Task,
  OutputUser as User,
} from '@propolis/client';
import { asc, desc, type InputCustomField, type InputUser, type QueryStep } from '@propolis/client';
import type {
  AlertOutputV1 as Alert,
  AlertUpdateBodyV1 as AlertUpdate,
  CaseBodyV1,
  ObservableTypeOutputV1 as ObservableType,
  TaskBodyV1,
} from '@propolis/core';
import { client } from './http';

/** A single sign-on provider of /api/v1/status/public: its button starts at `loginUrl`. */
export type SsoProvider = PublicStatus['ssoProviders'][number];
// The wire types by the names the screens know.
export type {
  Alert,
  AlertUpdate,
  Case,
  CaseTemplate,
  CustomField,
  Log,
  Observable,
  ObservableType,
  Organisation,
  Profile,
  PublicStatus,
  QueryStep,
  Task,
  User,
};

const alertActions = {
  read: (id: string) => client.alert.markAsRead(id),
  unread: (id: string) => client.alert.markAsUnread(id),
  follow: (id: string) => client.alert.follow(id),
  unfollow: (id: string) => client.alert.unfollow(id),
};

export const api = {
  status: () => client.session.publicStatus(),
  login: (user: string, password: string, code?: string) => client.login({ user, password, code }),
  logout: () => client.logout(),
  /** Two-factor set-up: without arguments a new secret; with the secret and a code, confirmed. */
  setTotp: (secret?: string, code?: string) =>
    client.session.setTotp(secret && code ? { secret, code } : {}) as Promise<{
      secret?: string;
      uri?: string;
      enabled?: boolean;
    }>,
  currentUser: () => client.user.current(),
  /** The users the caller sees in the organisation (mentions). */
  organisationUsers: () => client.user.find({ sort: asc('login') }),

  /** Runs a query; `total` is the X-Total of a page with extraData ["total"] ("1000+" past the cap). */
  async query<T>(steps: QueryStep[], signal?: AbortSignal): Promise<{ rows: T[]; total?: number }> {
    const { items, total } = await client.query.withTotal<T>(steps, { signal });
    return { rows: items, total };
  },

  alert: {
    get: (id: string) => client.alert.get(id),
    update: (id: string, body: AlertUpdate) => client.alert.update(id, body),
    bulkUpdate: (ids: string[], body: AlertUpdate) => client.alert.bulkUpdate(ids, body),
    action: (id: string, action: keyof typeof alertActions) => alertActions[action](id),
    createCase: (id: string) => client.alert.promoteToCase(id),
    /** Merges the alert into the case, bringing the observables listed (by id), or all of them. */
    mergeInto: (id: string, caseId: string, observables?: string[]) =>
      client.alert.mergeIntoCase(id, caseId, observables ? { observables } : {}),
    observables: (id: string) => client.alert.observables(id),
  },

  case: {
    get: (id: string) => client.case.get(id),
    create: (body: CaseBodyV1 & { title: string }) => client.case.create(body),
    update: (id: string, body: CaseBodyV1) => client.case.update(id, body),
    tasks: (id: string) => client.case.tasks(id),
    observables: (id: string) => client.case.observables(id, { sort: desc('_createdAt') }),
    addTask: (id: string, body: { title: string; description?: string; group?: string }) =>
      client.case.createTask(id, body),
    addObservable: (id: string, body: { dataType: string; data: string; message?: string; ioc?: boolean }) =>
      client.case.createObservable(id, body),
  },

  task: {
    update: (id: string, body: TaskBodyV1) => client.task.update(id, body),
    logs: (id: string) =>
      client.query<Log[]>([
        { _name: 'getTask', idOrName: id },
        { _name: 'logs' },
        { _name: 'sort', _fields: [{ date: 'asc' }] },
      ]),
    addLog: (id: string, message: string) => client.taskLog.create(id, { message }),
  },

  admin: {
    organisations: () => client.organisation.find(),
    createOrganisation: (body: { name: string; description: string }) => client.organisation.create(body),
    users: () => client.user.find({ sort: asc('login') }),
    createUser: (body: InputUser) => client.user.create(body),
    lockUser: (id: string, locked: boolean) => client.user.update(id, { locked }),
    profiles: () => client.profile.list(),
    customFields: () => client.customField.list(),
    createCustomField: (body: InputCustomField) => client.customField.create(body),
    observableTypes: () => client.observableType.find(),
    createObservableType: (body: { name: string; isAttachment?: boolean }) =>
      client.observableType.create(body),
    caseTemplates: () => client.caseTemplate.list(),
    createCaseTemplate: (body: InputCaseTemplate) => client.caseTemplate.create(body),
    deleteCaseTemplate: (id: string) => client.caseTemplate.delete(id),
  },
};
