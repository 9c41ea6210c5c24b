/**
 * Typed client of the Propolis API (the v1 API, TheHive 5 wire format). Grows with the server;
 * errors are thrown as PropolisApiError carrying the server's {type, message}.
 */
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

export interface OutputUser {
  _id: string;
  login: string;
  name: string;
  profile: string;
  permissions: string[];
  organisation: string;
  organisations: Array<{ organisationId: string; organisation: string; profile: string }>;
  hasKey: boolean;
  hasPassword: boolean;
  hasMFA: boolean;
  locked: boolean;
  type: string;
  email?: string;
  defaultOrganisation?: string;
}

export interface OutputOrganisation {
  _id: string;
  name: string;
  description: string;
}

export interface OutputProfile {
  _id: string;
  name: string;
  permissions: string[];
  editable: boolean;
  isAdmin: boolean;
}

export interface InputUser {
  login: string;
  name: string;
  profile: string;
  organisation?: string;
  password?: string;
  email?: string;
  type?: 'Normal' | 'Service';
}

export interface OutputCase {
  _id: string;
  _type: 'Case';
  number: number;
  title: string;
  description: string;
  severity: number;
  tlp: number;
  pap: number;
  status: string;
  stage: string;
  tags: string[];
  flag: boolean;
  startDate: number;
  endDate?: number;
  assignee?: string;
  summary?: string;
  impactStatus?: string;
  caseTemplate?: string;
  customFields: Array<{ _id?: string; name: string; value: unknown; order: number }>;
}

export interface InputCase {
  title: string;
  description?: string;
  severity?: number;
  tlp?: number;
  pap?: number;
  tags?: string[];
  flag?: boolean;
  startDate?: number;
  status?: string;
  assignee?: string;
  summary?: string;
  impactStatus?: string;
  caseTemplate?: string;
  customFields?: Array<{ name: string; value: unknown; order?: number }> | Record<string, unknown>;
  tasks?: InputTask[];
}

export interface InputUpdateCase extends Partial<Omit<InputCase, 'caseTemplate' | 'tasks'>> {
  addTags?: string[];
  removeTags?: string[];
}

export interface InputTask {
  title: string;
  group?: string;
  description?: string;
  status?: 'Waiting' | 'InProgress' | 'Completed' | 'Cancel';
  flag?: boolean;
  order?: number;
  dueDate?: number;
  assignee?: string;
  mandatory?: boolean;
}

export interface OutputTask
  extends Required<Pick<InputTask, 'title' | 'group' | 'status' | 'flag' | 'order' | 'mandatory'>> {
  _id: string;
  _type: 'Task';
  description?: string;
  startDate?: number;
  endDate?: number;
  dueDate?: number;
  assignee?: string;
}

export interface OutputAttachment {
  _id: string;
  name: string;
  hashes: string[];
  size: number;
  contentType: string;
  id: string;
}

export interface OutputLog {
  _id: string;
  _type: 'Log';
  message: string;
  date: number;
  owner: string;
  attachments: OutputAttachment[];
}

export interface InputObservable {
  dataType: string;
  data?: string | string[];
  message?: string;
  tlp?: number;
  pap?: number;
  tags?: string[];
  ioc?: boolean;
  sighted?: boolean;
  ignoreSimilarity?: boolean;
}

export interface OutputObservable {
  _id: string;
  _type: 'Observable';
  dataType: string;
  data?: string;
  attachment?: OutputAttachment;
  message?: string;
  tlp: number;
  pap: number;
  tags: string[];
  ioc: boolean;
  sighted: boolean;
  ignoreSimilarity: boolean;
  extraData: Record<string, unknown>;
}

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
