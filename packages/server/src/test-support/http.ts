/**
 * A small HTTP client for tests: real requests over the loopback, with API key, Basic or
 * cookie-session authentication, and an optional X-Organisation header.
 */
export interface Auth {
  key?: string;
  basic?: [string, string];
  /** Use the cookies (and CSRF token) gathered by login(). */
  session?: boolean;
  organisation?: string;
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class HttpClient {
  private cookies = new Map<string, string>();
  csrf?: string;

  constructor(
    readonly url: string,
    readonly auth: Auth,
  ) {}

  /** A client with the same credentials acting in another organisation. */
  in(organisation: string): HttpClient {
    const c = new HttpClient(this.url, { ...this.auth, organisation });
    c.cookies = this.cookies;
    c.csrf = this.csrf;
    return c;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; raw?: string | Uint8Array; csrf?: boolean } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.auth.key) headers.authorization = `Bearer ${this.auth.key}`;
    if (this.auth.basic)
      headers.authorization = `Basic ${Buffer.from(this.auth.basic.join(':')).toString('base64')}`;
    if (this.auth.organisation) headers['x-organisation'] = this.auth.organisation;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && options.csrf !== false && method !== 'GET') headers['x-propolis-xsrf-token'] = this.csrf;
    let payload: string | Uint8Array | undefined = options.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body: payload });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (name === 'PROPOLIS-XSRF-TOKEN') this.csrf = value || undefined;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get = <T = any>(path: string, options?: { headers?: Record<string, string> }) =>
    this.request<T>('GET', path, undefined, options);
  post = <T = any>(
    path: string,
    body?: unknown,
    options?: { headers?: Record<string, string>; csrf?: boolean },
  ) => this.request<T>('POST', path, body, options);
  patch = <T = any>(
    path: string,
    body?: unknown,
    options?: { headers?: Record<string, string>; csrf?: boolean },
  ) => this.request<T>('PATCH', path, body, options);
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body);
  delete = <T = any>(path: string, options?: { csrf?: boolean }) =>
    this.request<T>('DELETE', path, undefined, options);
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
