/**
 * The one place the UI calls the server: same-origin fetch with the session cookie, the CSRF header on
 * writes, JSON in and out, and the server's {type, message} turned into an ApiError. A 401 on any call
 * but the login itself reports the session as expired (the app then shows the login again).
 * To be replaced by the browser-safe @propolis/client once it lands (docs/ui.md).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CSRF_COOKIE = 'PROPOLIS-XSRF-TOKEN';
type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when a call answers 401: the session ended (timeout, logout elsewhere). */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie) {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface CallOptions {
  body?: unknown;
  /** Answer with the response headers too (X-Total of a query page). */
  signal?: AbortSignal;
  /** Do not report a 401 as an expired session (the login form itself). */
  quiet401?: boolean;
}

export interface Answer<T> {
  body: T;
  headers: Headers;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-propolis-xsrf-token'] = token;
  }
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NetworkError', 'The server cannot be reached: check the connection and retry.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { type?: string; message?: string };
    if (res.status === 401 && !options.quiet401) for (const l of expiredListeners) l();
    throw new ApiError(
      res.status,
      err.type ?? 'HttpError',
      err.message ?? `The server answered ${res.status} ${res.statusText}`,
    );
  }
  return { body: parsed as T, headers: res.headers };
}

export const get = async <T>(path: string, signal?: AbortSignal) =>
  (await call<T>('GET', path, { signal })).body;
export const post = async <T>(path: string, body?: unknown) => (await call<T>('POST', path, { body })).body;
export const patch = async <T>(path: string, body?: unknown) => (await call<T>('PATCH', path, { body })).body;
export const del = async <T>(path: string) => (await call<T>('DELETE', path)).body;

/** Words for any error, for notifications and forms. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
