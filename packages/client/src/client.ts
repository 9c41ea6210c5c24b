/**
 * Typed client of the Propolis API (the v1 API, TheHive 5 wire format). Grows with the server;
 * errors are thrown as PropolisApiError carrying the server's {type, message}.
 */
import type {
  AttachmentOutput,
  CaseBodyV1,
  CaseOutputV1,
  CreateObservableBody,
  CreateUserBody,
  LogOutputV1,
  ObservableOutputV1,
  OrganisationOutputV1,
  ProfileOutputV1,
  TaskBodyV1,
  TaskOutputV1,
  UserOutputV1,
} from '@propolis/core';

export interface ClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9000 */
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  organisation?: string;
  fetch?: typeof fetch;
}

export class PropolisApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`${type} - ${message}`);
    this.name = 'PropolisApiError';
  }
}

/*
 * The wire types are those of @propolis/core (wire/outputs.ts, wire/inputs.ts): the schemas the
 * server validates requests with and describes its answers with. The names below are this
 * client's, kept for its users.
 */
export type OutputUser = UserOutputV1;
export type OutputOrganisation = OrganisationOutputV1;
export type OutputProfile = ProfileOutputV1;
export type OutputCase = CaseOutputV1;
export type OutputTask = TaskOutputV1;
export type OutputAttachment = AttachmentOutput;
export type OutputLog = LogOutputV1;
export type OutputObservable = ObservableOutputV1;

export type InputUser = CreateUserBody;
/** A new case: the v1 case body, with its title. */
export type InputCase = Omit<CaseBodyV1, 'addTags' | 'removeTags'> & { title: string };
export type InputUpdateCase = Omit<CaseBodyV1, 'caseTemplate' | 'tasks'>;
/** A new task: the v1 task body, with its title. */
export type InputTask = TaskBodyV1 & { title: string };
export type InputObservable = CreateObservableBody;

export class PropolisClient {
  private readonly base: string;
  private readonly headers: Record<string, string> = {};
  private readonly doFetch: typeof fetch;

  constructor(options: ClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? fetch;
    if (options.username !== undefined && options.password !== undefined) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    } else if (options.apiKey) {
      this.headers.authorization = `Bearer ${options.apiKey}`;
    } else {
      throw new Error('PropolisClient needs an apiKey or a username and password');
    }
    if (options.organisation) this.headers['x-organisation'] = options.organisation;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.doFetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let type = 'HttpError';
      let message = text;
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type ?? type;
        message = parsed.message ?? message;
      } catch {
        // not JSON: keep the raw text
      }
      throw new PropolisApiError(response.status, type, message);
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  readonly user = {
    current: () => this.request<OutputUser>('GET', '/api/v1/user/current'),
    get: (id: string) => this.request<OutputUser>('GET', `/api/v1/user/${encodeURIComponent(id)}`),
    create: (user: InputUser) => this.request<OutputUser>('POST', '/api/v1/user', user),
    update: (id: string, fields: Partial<InputUser> & { locked?: boolean }) =>
      this.request<void>('PATCH', `/api/v1/user/${encodeURIComponent(id)}`, fields),
    delete: (id: string) => this.request<void>('DELETE', `/api/v1/user/${encodeURIComponent(id)}/force`),
    setPassword: (id: string, password: string) =>
      this.request<void>('POST', `/api/v1/user/${encodeURIComponent(id)}/password/set`, { password }),
    renewApiKey: (id: string) =>
      this.request<string>('POST', `/api/v1/user/${encodeURIComponent(id)}/key/renew`),
    removeApiKey: (id: string) => this.request<void>('DELETE', `/api/v1/user/${encodeURIComponent(id)}/key`),
    setOrganisations: (
      id: string,
      organisations: Array<{ organisation: string; profile: string; default?: boolean }>,
    ) =>
      this.request<unknown>('PUT', `/api/v1/user/${encodeURIComponent(id)}/organisations`, { organisations }),
    find: () =>
      this.request<OutputUser[]>('POST', '/api/v1/query?name=users', { query: [{ _name: 'listUser' }] }),
  };

  readonly organisation = {
    get: (id: string) =>
      this.request<OutputOrganisation>('GET', `/api/v1/organisation/${encodeURIComponent(id)}`),
    create: (org: { name: string; description?: string }) =>
      this.request<OutputOrganisation>('POST', '/api/v1/organisation', org),
    update: (id: string, fields: { name?: string; description?: string }) =>
      this.request<void>('PATCH', `/api/v1/organisation/${encodeURIComponent(id)}`, fields),
    find: () =>
      this.request<OutputOrganisation[]>('POST', '/api/v1/query?name=organisations', {
        query: [{ _name: 'listOrganisation' }],
      }),
  };

  readonly profile = {
    get: (id: string) => this.request<OutputProfile>('GET', `/api/v1/profile/${encodeURIComponent(id)}`),
    create: (profile: { name: string; permissions?: string[] }) =>
      this.request<OutputProfile>('POST', '/api/v1/profile', profile),
    update: (id: string, fields: { name?: string; permissions?: string[] }) =>
      this.request<void>('PATCH', `/api/v1/profile/${encodeURIComponent(id)}`, fields),
    delete: (id: string) => this.request<void>('DELETE', `/api/v1/profile/${encodeURIComponent(id)}`),
    find: () =>
      this.request<OutputProfile[]>('POST', '/api/v1/query?name=profiles', {
        query: [{ _name: 'listProfile' }],
      }),
  };

  readonly case = {
    create: (input: InputCase) => this.request<OutputCase>('POST', '/api/v1/case', input),
    get: (idOrNumber: string | number) =>
      this.request<OutputCase>('GET', `/api/v1/case/${encodeURIComponent(String(idOrNumber))}`),
    update: (idOrNumber: string | number, fields: InputUpdateCase) =>
      this.request<void>('PATCH', `/api/v1/case/${encodeURIComponent(String(idOrNumber))}`, fields),
    bulkUpdate: (ids: string[], fields: InputUpdateCase) =>
      this.request<void>('PATCH', '/api/v1/case/_bulk', { ids, ...fields }),
    close: (idOrNumber: string | number, status: string, summary: string, impactStatus = 'NotApplicable') =>
      this.request<void>('PATCH', `/api/v1/case/${encodeURIComponent(String(idOrNumber))}`, {
        status,
        summary,
        impactStatus,
      }),
    delete: (idOrNumber: string | number) =>
      this.request<void>('DELETE', `/api/v1/case/${encodeURIComponent(String(idOrNumber))}`),
    merge: (ids: string[]) =>
      this.request<OutputCase>('POST', `/api/v1/case/_merge/${ids.map(encodeURIComponent).join(',')}`),
    createTask: (caseId: string, task: InputTask) =>
      this.request<OutputTask>('POST', `/api/v1/case/${encodeURIComponent(caseId)}/task`, task),
    tasks: (caseId: string) =>
      this.request<OutputTask[]>('GET', `/api/v1/case/${encodeURIComponent(caseId)}/task`),
    createObservable: (caseId: string, observable: InputObservable) =>
      this.request<OutputObservable[]>(
        'POST',
        `/api/v1/case/${encodeURIComponent(caseId)}/observable`,
        observable,
      ),
  };

  readonly task = {
    get: (id: string) => this.request<OutputTask>('GET', `/api/v1/task/${encodeURIComponent(id)}`),
    update: (id: string, fields: Partial<InputTask>) =>
      this.request<void>('PATCH', `/api/v1/task/${encodeURIComponent(id)}`, fields),
    delete: (id: string) => this.request<void>('DELETE', `/api/v1/task/${encodeURIComponent(id)}`),
    addLog: (id: string, log: { message: string; date?: number }) =>
      this.request<OutputLog>('POST', `/api/v1/task/${encodeURIComponent(id)}/log`, log),
    logs: (id: string) => this.request<OutputLog[]>('GET', `/api/v1/task/${encodeURIComponent(id)}/log`),
  };

  readonly observable = {
    get: (id: string) =>
      this.request<OutputObservable>('GET', `/api/v1/observable/${encodeURIComponent(id)}`),
    update: (id: string, fields: Partial<Omit<InputObservable, 'dataType' | 'data'>>) =>
      this.request<void>('PATCH', `/api/v1/observable/${encodeURIComponent(id)}`, fields),
    delete: (id: string) => this.request<void>('DELETE', `/api/v1/observable/${encodeURIComponent(id)}`),
  };

  /** Runs a raw v1 query pipeline. */
  query<T = unknown>(query: Array<Record<string, unknown>>, name?: string): Promise<T> {
    return this.request<T>('POST', `/api/v1/query${name ? `?name=${encodeURIComponent(name)}` : ''}`, {
      query,
    });
  }
}
