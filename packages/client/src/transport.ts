/**
 * One HTTP exchange with the server: base URL and query string, authentication (key, Basic or
 * session with CSRF), organisation (per client, overridable per call), JSON or multipart bodies,
 * a timeout per attempt, the caller's AbortSignal, retries with backoff (retry.ts), and error
 * answers turned into PropolisApiError. Uses only fetch and web APIs: it runs in browsers and Node.
 */
import { basicAuthorization, type Credentials, CSRF_HEADER, SessionState } from './auth.js';
import { apiErrorOf, type PropolisApiError, PropolisNetworkError, PropolisTimeoutError } from './errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isIdempotentMethod,
  isRetriedStatus,
  type RetryOptions,
  sleep,
  wasRefused,
} from './retry.js';

/** Options every call accepts as its last argument. */
export interface CallOptions {
  /** The organisation this call acts in (X-Organisation), instead of the client's. */
  organisation?: string;
  /** Cancels the call (and a download's stream). */
  signal?: AbortSignal;
  /** Milliseconds to wait for the answer, instead of the client's timeout; 0 waits forever. */
  timeout?: number;
  /** Retry policy of this call, instead of the client's; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export type QueryValue = string | number | boolean | undefined | null | ReadonlyArray<string | number>;

export interface RequestSpec {
  method: string;
  /** Path from the server root, e.g. `/api/v1/case/~123`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (FormData, Blob...): content type set by fetch. */
  body?: RequestInit['body'];
  /** True when the request changes nothing even though its method is POST (e.g. /api/v1/query). */
  idempotent?: boolean;
  /** Internal: the answer's body is handed out as a stream, which the caller's signal still cancels. */
  keepSignal?: boolean;
  /**
   * Internal (raw calls): every status is an answer, never a PropolisApiError, and no `Accept`
   * header is added unless the caller gives one.
   */
  anyStatus?: boolean;
  /** Internal (raw calls): `false` leaves out a session's CSRF token. */
  csrf?: boolean;
}

/** What a raw call answers: the status, the headers, the body (JSON when the answer is JSON, else text) and the text. */
export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The parsed JSON when the answer's content type is JSON, else the text. */
  body: T;
  text: string;
}

/** A raw call's request: call options plus the body, the query string, and CSRF control. */
export interface RawRequest extends CallOptions {
  /** A JSON body (sets `content-type: application/json` unless `headers` says otherwise). */
  json?: unknown;
  /** A body sent as is (string, bytes, FormData, Blob...); give its content type in `headers`. */
  body?: RequestInit['body'];
  query?: Record<string, QueryValue>;
  /** `false` sends a session's write without its CSRF token (to check the server refuses it). */
  csrf?: boolean;
}

export interface TransportOptions {
  url: string;
  credentials: Credentials;
  organisation?: string;
  timeout: number;
  retry: RetryOptions | false;
  fetch?: typeof fetch;
  /** fetch's `credentials` mode (browsers): 'include' for a server on another origin. */
  fetchCredentials?: RequestInit['credentials'];
  headers?: Record<string, string>;
  /** Told of every error answer before it is thrown. */
  onError?: (error: PropolisApiError) => void;
}

/** A marker for the abort reason of a timeout, told apart from the caller's abort. */
class TimeoutReason {}

export class Transport {
  readonly base: string;

  constructor(
    private readonly options: TransportOptions,
    /** The session's cookies and CSRF token, shared by the transports of one client. */
    readonly session = new SessionState(),
  ) {
    this.base = options.url.replace(/\/+$/, '');
  }

  get organisation(): string | undefined {
    return this.options.organisation;
  }

  /** A transport sharing these credentials and session, acting in another organisation. */
  withOrganisation(organisation: string | undefined): Transport {
    return new Transport({ ...this.options, organisation }, this.session);
  }

  url(spec: Pick<RequestSpec, 'path' | 'query'>): string {
    let url = `${this.base}${spec.path}`;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
      else params.append(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += `${url.includes('?') ? '&' : '?'}${qs}`;
    return url;
  }

  private headers(spec: RequestSpec, call: CallOptions): Record<string, string> {
    const headers: Record<string, string> = spec.anyStatus ? {} : { accept: 'application/json' };
    for (const [name, value] of Object.entries(this.options.headers ?? {}))
      headers[name.toLowerCase()] = value;
    const creds = this.options.credentials;
    if (creds.kind === 'key') headers.authorization = `Bearer ${creds.apiKey}`;
    else if (creds.kind === 'basic')
      headers.authorization = basicAuthorization(creds.username, creds.password);
    else {
      const cookie = this.session.cookieHeader();
      if (cookie) headers.cookie = cookie;
      const csrf = this.session.csrfToken();
      if (csrf && spec.csrf !== false && spec.method !== 'GET' && spec.method !== 'HEAD')
        headers[CSRF_HEADER.toLowerCase()] = csrf;
    }
    const organisation = call.organisation ?? this.options.organisation;
    if (organisation) headers['x-organisation'] = organisation;
    if (spec.json !== undefined) headers['content-type'] = 'application/json';
    // Header names are case-insensitive: the caller's `Content-Type` replaces ours, not joins it.
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  /**
   * Sends the request and hands the answer to `read` while the timeout still runs (so reading a
   * JSON body counts); a download's `read` returns the Response itself and its stream stays
   * cancellable by the caller's signal. Throws PropolisApiError for an error status.
   */
  async exchange<T>(spec: RequestSpec, call: CallOptions, read: (r: Response) => Promise<T>): Promise<T> {
    const method = spec.method.toUpperCase();
    const label = `${method} ${spec.path}`;
    const policy = call.retry ?? this.options.retry;
    const retry = policy === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...policy };
    const idempotent = spec.idempotent ?? isIdempotentMethod(method);
    const timeout = call.timeout ?? this.options.timeout;
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const url = this.url(spec);
    const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.body;

    for (let attempt = 0; ; attempt++) {
      call.signal?.throwIfAborted();
      const controller = new AbortController();
      const onAbort = () => controller.abort(call.signal?.reason);
      call.signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeout > 0 ? setTimeout(() => controller.abort(new TimeoutReason()), timeout) : undefined;
      const cleanup = () => {
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
      };
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: this.headers({ ...spec, method }, call),
          body,
          signal: controller.signal,
          credentials: this.options.fetchCredentials,
        });
      } catch (error) {
        cleanup();
        if (controller.signal.reason instanceof TimeoutReason) throw new PropolisTimeoutError(timeout, label);
        if (call.signal?.aborted) throw call.signal.reason;
        const retriable = idempotent || wasRefused(error);
        if (retriable && attempt < retry.retries) {
          await sleep(backoffDelay(attempt + 1, retry), call.signal);
          continue;
        }
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new PropolisNetworkError(
          `${label}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
          label,
          { cause: error },
        );
      }
      this.session.absorb(response);
      if (!response.ok && !spec.anyStatus) {
        if (idempotent && isRetriedStatus(response.status) && attempt < retry.retries) {
          cleanup();
          await response.body?.cancel().catch(() => undefined);
          await sleep(backoffDelay(attempt + 1, retry, response.headers.get('retry-after')), call.signal);
          continue;
        }
        try {
          const error = await apiErrorOf(response, label);
          try {
            this.options.onError?.(error);
          } catch {
            // a listener's failure is not the request's
          }
          throw error;
        } finally {
          cleanup();
        }
      }
      try {
        return await read(response);
      } catch (error) {
        if (controller.signal.reason instanceof TimeoutReason) throw new PropolisTimeoutError(timeout, label);
        throw error;
      } finally {
        // A stream handed out keeps the caller's signal: remove only the timer.
        clearTimeout(timer);
        if (!spec.keepSignal) call.signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /** The answer's JSON (undefined for an empty body; text when it is not JSON). */
  json<T>(spec: RequestSpec, call: CallOptions = {}): Promise<T> {
    return this.exchange(spec, call, async (r) => {
      const text = await r.text();
      if (!text) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        return text as T;
      }
    });
  }

  /** The answer's JSON and its X-Total header (paged queries). */
  jsonWithTotal<T>(
    spec: RequestSpec,
    call: CallOptions = {},
  ): Promise<{ body: T; total: number | undefined }> {
    return this.exchange(spec, call, async (r) => {
      const text = await r.text();
      const total = r.headers.get('x-total');
      return {
        body: (text ? JSON.parse(text) : undefined) as T,
        total: total === null ? undefined : Number(total),
      };
    });
  }

  /** The answer's text. */
  text(spec: RequestSpec, call: CallOptions = {}): Promise<string> {
    return this.exchange(spec, call, (r) => r.text());
  }

  /** Nothing (204 answers). */
  async send(spec: RequestSpec, call: CallOptions = {}): Promise<void> {
    await this.exchange(spec, call, async (r) => {
      await r.body?.cancel().catch(() => undefined);
    });
  }

  /**
   * Any answer, error statuses included (never a PropolisApiError): its status, headers, text and
   * body (parsed JSON when the content type is JSON, else the text). Network failures and timeouts
   * still throw. Statuses are not retried; network failures of idempotent requests are.
   */
  raw<T = unknown>(spec: RequestSpec, call: CallOptions = {}): Promise<RawResponse<T>> {
    return this.exchange({ ...spec, anyStatus: true }, call, async (r) => {
      const text = await r.text();
      let body: unknown = text;
      if (text && (r.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: r.status, headers: r.headers, body: body as T, text };
    });
  }

  /** The Response itself, its body unread: downloads. The caller's signal still cancels the stream. */
  stream(spec: RequestSpec, call: CallOptions = {}): Promise<Response> {
    return this.exchange({ ...spec, keepSignal: true }, call, async (r) => r);
  }
}
