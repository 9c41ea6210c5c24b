/**
 * PropolisClient: the typed client of the Propolis API (the v1 API, TheHive 5 wire format), one
 * namespace per resource (`client.alert`, `client.case`, ...; each in resources/<name>.ts).
 * Runs in browsers and Node 20+ (fetch only); Node-only helpers live in `@propolis/client/node`.
 */
import type { Credentials } from './auth.js';
import type { PropolisApiError } from './errors.js';
import { type QueryStep, runQuery, runQueryWithTotal } from './query.js';
import { AlertResource } from './resources/alert.js';
import { AnalysisResource } from './resources/analysis.js';
import { AttachmentResource } from './resources/attachment.js';
import { AuditResource } from './resources/audit.js';
import { CaseResource } from './resources/case.js';
import { CaseLinkResource } from './resources/case-link.js';
import { CaseTemplateResource } from './resources/case-template.js';
import { CommentResource } from './resources/comment.js';
import { CustomFieldResource } from './resources/custom-field.js';
import { CustomStatusResource } from './resources/custom-status.js';
import { DashboardResource } from './resources/dashboard.js';
import { DiscoveryResource } from './resources/discovery.js';
import { EventsResource } from './resources/events.js';
import { FeederResource } from './resources/feeder.js';
import { StixResource, TaxiiResource } from './resources/intel.js';
import { MispResource } from './resources/misp.js';
import { NotificationResource } from './resources/notification.js';
import { ObservableResource } from './resources/observable.js';
import { ObservableTypeResource } from './resources/observable-type.js';
import { OrganisationResource } from './resources/organisation.js';
import { PageResource } from './resources/page.js';
import { PageTemplateResource } from './resources/page-template.js';
import { PatternResource } from './resources/pattern.js';
import { ProcedureResource } from './resources/procedure.js';
import { ProfileResource } from './resources/profile.js';
import { SavedViewResource } from './resources/saved-view.js';
import { type LoginInput, SessionResource } from './resources/session.js';
import { SettingsResource } from './resources/settings.js';
import { SharingResource } from './resources/sharing.js';
import { StreamResource } from './resources/stream.js';
import { TagResource } from './resources/tag.js';
import { TaskResource } from './resources/task.js';
import { TaskLogResource } from './resources/task-log.js';
import { TaxonomyResource } from './resources/taxonomy.js';
import { TimelineResource } from './resources/timeline.js';
import { UserResource } from './resources/user.js';
import { WorkflowResource } from './resources/workflow.js';
import type { RetryOptions } from './retry.js';
import { type CallOptions, type RawRequest, type RawResponse, Transport } from './transport.js';
import type { OutputUser } from './types.js';

export interface ClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9000; empty or absent in a browser page served by Propolis. */
  url?: string;
  /** Authenticate with an API key. */
  apiKey?: string;
  /** Authenticate with HTTP Basic (when the server allows it). */
  username?: string;
  password?: string;
  /** Authenticate with a session: call `client.login(...)` (or rely on the browser's cookies). */
  session?: boolean;
  /** The organisation every call acts in, unless a call says otherwise. */
  organisation?: string;
  /** Milliseconds to wait for each answer (default 60 000; 0 waits forever). */
  timeout?: number;
  /** Retries of idempotent requests (default 2 retries, from 200 ms); `false` disables them. */
  retry?: RetryOptions | false;
  /** fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** fetch's credentials mode in browsers: 'include' when the API is on another origin. */
  credentials?: RequestInit['credentials'];
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /**
   * Told of every error answer before it is thrown (e.g. a browser app noticing a 401: its session
   * ended). Errors thrown by the listener are ignored.
   */
  onError?: (error: PropolisApiError) => void;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

function credentialsOf(options: ClientOptions): Credentials {
  if (options.username !== undefined && options.password !== undefined)
    return { kind: 'basic', username: options.username, password: options.password };
  if (options.apiKey) return { kind: 'key', apiKey: options.apiKey };
  if (options.session) return { kind: 'session' };
  throw new Error('PropolisClient needs an apiKey, a username and password, or session: true');
}

/** `client.query(steps)` runs a raw pipeline; `client.query.run(steps, options)` takes call options. */
export interface QueryNamespace {
  <T = unknown>(query: readonly QueryStep[], name?: string): Promise<T>;
  run<T = unknown>(query: readonly QueryStep[], options?: CallOptions & { name?: string }): Promise<T>;
  /** The rows and the total a `page` step with `extraData: ['total']` reports (X-Total). */
  withTotal<T = unknown>(
    query: readonly QueryStep[],
    options?: CallOptions & { name?: string },
  ): Promise<{ items: T[]; total: number | undefined }>;
}

export class PropolisClient {
  readonly transport: Transport;
  readonly alert: AlertResource;
  readonly case: CaseResource;
  readonly task: TaskResource;
  readonly taskLog: TaskLogResource;
  readonly observable: ObservableResource;
  readonly attachment: AttachmentResource;
  readonly user: UserResource;
  readonly organisation: OrganisationResource;
  readonly profile: ProfileResource;
  readonly caseTemplate: CaseTemplateResource;
  readonly customField: CustomFieldResource;
  readonly observableType: ObservableTypeResource;
  readonly audit: AuditResource;
  readonly notification: NotificationResource;
  readonly feeder: FeederResource;
  readonly workflow: WorkflowResource;
  readonly tag: TagResource;
  /** Comments on cases and alerts. */
  readonly comment: CommentResource;
  /** Case pages and the organisation's knowledge base. */
  readonly page: PageResource;
  readonly pageTemplate: PageTemplateResource;
  /** The ATT&CK catalog. */
  readonly pattern: PatternResource;
  /** ATT&CK procedures of cases and alerts. */
  readonly procedure: ProcedureResource;
  /** A case's timeline and custom events. */
  readonly timeline: TimelineResource;
  /** Links of cases to other cases and to URLs. */
  readonly caseLink: CaseLinkResource;
  readonly caseStatus: CustomStatusResource;
  readonly alertStatus: CustomStatusResource;
  readonly taxonomy: TaxonomyResource;
  /** Sharing between organisations: links, profiles, shares, owner, access. */
  readonly sharing: SharingResource;
  readonly dashboard: DashboardResource;
  /** Saved alert and case list views, private or shared with the organisation. */
  readonly view: SavedViewResource;
  /** The caller's UI settings (theme, time zone, density, date format). */
  readonly settings: SettingsResource;
  /** The MISP connector. */
  readonly misp: MispResource;
  /** STIX 2.1 bundles in (as alerts or cases) and out (observables of a case, an alert or a query). */
  readonly stix: StixResource;
  /** The pulls of remote TAXII 2.1 collections. */
  readonly taxii: TaxiiResource;
  /** TheHive's long-polling stream and the flow. */
  readonly stream: StreamResource;
  /** Server-Sent Events: the organisation's audit events as they happen. */
  readonly events: EventsResource;
  /** Analyzers and responders through TheHive's Cortex connector. */
  readonly analysis: AnalysisResource;
  /** Status, health, login, logout and two-factor settings. */
  readonly session: SessionResource;
  /** Model descriptions, permission names, and exports of queries as JSON or CSV. */
  readonly discovery: DiscoveryResource;
  readonly query: QueryNamespace;

  constructor(options: ClientOptions | Transport) {
    this.transport =
      options instanceof Transport
        ? options
        : new Transport({
            url: options.url ?? '',
            credentials: credentialsOf(options),
            organisation: options.organisation,
            timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
            retry: options.retry ?? {},
            fetch: options.fetch,
            fetchCredentials: options.credentials,
            headers: options.headers,
            onError: options.onError,
          });
    const t = this.transport;
    this.alert = new AlertResource(t);
    this.case = new CaseResource(t);
    this.task = new TaskResource(t);
    this.taskLog = new TaskLogResource(t);
    this.observable = new ObservableResource(t);
    this.attachment = new AttachmentResource(t);
    this.user = new UserResource(t);
    this.organisation = new OrganisationResource(t);
    this.profile = new ProfileResource(t);
    this.caseTemplate = new CaseTemplateResource(t);
    this.customField = new CustomFieldResource(t);
    this.observableType = new ObservableTypeResource(t);
    this.audit = new AuditResource(t);
    this.notification = new NotificationResource(t);
    this.feeder = new FeederResource(t);
    this.workflow = new WorkflowResource(t);
    this.tag = new TagResource(t);
    this.comment = new CommentResource(t);
    this.page = new PageResource(t);
    this.pageTemplate = new PageTemplateResource(t);
    this.pattern = new PatternResource(t);
    this.procedure = new ProcedureResource(t);
    this.timeline = new TimelineResource(t);
    this.caseLink = new CaseLinkResource(t);
    this.caseStatus = new CustomStatusResource(t, '/caseStatus');
    this.alertStatus = new CustomStatusResource(t, '/alertStatus');
    this.taxonomy = new TaxonomyResource(t);
    this.sharing = new SharingResource(t);
    this.dashboard = new DashboardResource(t);
    this.view = new SavedViewResource(t);
    this.settings = new SettingsResource(t);
    this.misp = new MispResource(t);
    this.stix = new StixResource(t);
    this.taxii = new TaxiiResource(t);
    this.stream = new StreamResource(t);
    this.events = new EventsResource(t);
    this.analysis = new AnalysisResource(t);
    this.session = new SessionResource(t);
    this.discovery = new DiscoveryResource(t);
    const query = <T>(steps: readonly QueryStep[], name?: string) => runQuery<T>(t, steps, { name });
    this.query = Object.assign(query, {
      run: <T>(steps: readonly QueryStep[], options: CallOptions & { name?: string } = {}) =>
        runQuery<T>(t, steps, options),
      withTotal: <T>(steps: readonly QueryStep[], options: CallOptions & { name?: string } = {}) =>
        runQueryWithTotal<T>(t, steps, options),
    }) as QueryNamespace;
  }

  /** Opens a session client: logs in and answers the client with the user. */
  static async login(
    options: Omit<ClientOptions, 'apiKey' | 'username' | 'password' | 'session'> & LoginInput,
  ): Promise<{ client: PropolisClient; user: OutputUser }> {
    const { user: login, password, code, ...rest } = options;
    const client = new PropolisClient({ ...rest, session: true });
    const user = await client.session.login({
      user: login,
      password,
      code,
      organisation: options.organisation,
    });
    return { client, user };
  }

  /** Opens a session on this client (created with `session: true`); answers the user. */
  login(input: LoginInput, options: CallOptions = {}): Promise<OutputUser> {
    return this.session.login(input, options);
  }

  /** Ends the session. */
  logout(options: CallOptions = {}): Promise<void> {
    return this.session.logout(options);
  }

  /** A client with the same credentials (and session) acting in another organisation. */
  in(organisation: string): PropolisClient {
    return new PropolisClient(this.transport.withOrganisation(organisation));
  }

  /**
   * A request the namespaces do not cover: method and path from the server root (`/api/v1/...`);
   * answers the JSON, and throws PropolisApiError for an error status.
   */
  request<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    return this.transport.json<T>({ method, path, json: body }, options);
  }

  /**
   * The lowest level: sends any request (JSON or raw body, query string, headers) with this client's
   * credentials and organisation, and answers `{status, headers, body, text}` whatever the status:
   * error answers are not thrown. For checking how the server answers bad input, or for reading
   * headers. `body` is the parsed JSON when the answer is JSON, else the text.
   *
   *     const res = await client.raw('POST', '/api/v1/case', { body: '{"title":', headers: { 'content-type': 'application/json' } });
   *     res.status; // 400
   */
  raw<T = unknown>(method: string, path: string, request: RawRequest = {}): Promise<RawResponse<T>> {
    const { json, body, query, csrf, ...options } = request;
    return this.transport.raw<T>({ method, path, json, body, query, csrf }, options);
  }
}

// Names this module exported before the client was split into files, kept for its users.
export { PropolisApiError } from './errors.js';
export type * from './types.js';
