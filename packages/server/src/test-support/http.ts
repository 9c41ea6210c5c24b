/**
 * The actor of the server's tests: a PropolisClient (@propolis/client) with an actor's credentials
 * (API key, Basic, a cookie session, or none) and an optional organisation. Tests call its typed
 * namespaces (`soc.analyst.case.create(...)`) for what should succeed, and its raw verbs
 * (`soc.analyst.post(path, body)` → `{status, headers, body, text}`, never throwing for an error
 * status) for what checks the server's answers: both go through the client's transport.
 *
 * Retries are off (a test sees every answer the server gives) and there is no client-side timeout
 * (vitest's applies).
 */
import { type ClientOptions, PropolisClient, type RawResponse } from '@propolis/client';

export interface Auth {
  key?: string;
  basic?: [string, string];
  /** Use the cookies (and CSRF token) gathered by login(). Without key or basic, a client is a session anyway. */
  session?: boolean;
  organisation?: string;
}

export type HttpResponse<T = any> = RawResponse<T>;

export interface RawOptions {
  headers?: Record<string, string>;
  /** A body sent as is, instead of JSON. */
  raw?: string | Uint8Array;
  /** `false`: leave out the session's CSRF token. */
  csrf?: boolean;
}

function optionsOf(url: string, auth: Auth): ClientOptions {
  const credentials: ClientOptions = auth.key
    ? { apiKey: auth.key }
    : auth.basic
      ? { username: auth.basic[0], password: auth.basic[1] }
      : { session: true };
  return { url, ...credentials, organisation: auth.organisation, timeout: 0, retry: false };
}

export class HttpClient extends PropolisClient {
  constructor(
    readonly url: string,
    readonly auth: Auth,
    /** The transport of the client this one derives from (same session), for in(). */
    transport?: PropolisClient['transport'],
  ) {
    super(transport ?? optionsOf(url, auth));
  }

  /** The session's CSRF token, once a login answered one. */
  get csrf(): string | undefined {
    return this.transport.session.csrfToken();
  }

  /** A client with the same credentials (and session) acting in another organisation. */
  override in(organisation: string): HttpClient {
    return new HttpClient(
      this.url,
      { ...this.auth, organisation },
      this.transport.withOrganisation(organisation),
    );
  }

  /** Any request, answered whatever its status. */
  send<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: RawOptions = {},
  ): Promise<HttpResponse<T>> {
    return this.raw<T>(method, path, {
      json: body,
      body: body === undefined ? options.raw : undefined,
      headers: options.headers,
      csrf: options.csrf,
    });
  }

  get = <T = any>(path: string, options?: { headers?: Record<string, string> }) =>
    this.send<T>('GET', path, undefined, options);
  post = <T = any>(path: string, body?: unknown, options?: Omit<RawOptions, 'raw'>) =>
    this.send<T>('POST', path, body, options);
  patch = <T = any>(path: string, body?: unknown, options?: Omit<RawOptions, 'raw'>) =>
    this.send<T>('PATCH', path, body, options);
  put = <T = any>(path: string, body?: unknown) => this.send<T>('PUT', path, body);
  delete = <T = any>(path: string, options?: { csrf?: boolean }) =>
    this.send<T>('DELETE', path, undefined, options);
}

/** Logs in with a password and returns a client that uses the session cookie. */
export async function sessionClient(url: string, user: string, password: string, organisation?: string) {
  const client = new HttpClient(url, { session: true });
  const res = await client.post('/api/v1/login', {
    user,
    password,
    ...(organisation ? { organisation } : {}),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return client;
}
