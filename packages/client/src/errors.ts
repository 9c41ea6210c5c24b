/**
 * The errors the client throws. Every one is a PropolisClientError; an answer of the server with an
 * error status is a PropolisApiError carrying the HTTP status, TheHive's error `type` (NotFoundError,
 * AuthenticationError, BadRequest...) and the server's message.
 */

/** Base class of every error this client throws (except the caller's own AbortSignal reason). */
export class PropolisClientError extends Error {
  override name = 'PropolisClientError';
}

/** The server answered with an error status (4xx, 5xx). */
export class PropolisApiError extends PropolisClientError {
  override name = 'PropolisApiError';
  /** The server's message, without the type prefix that `message` carries. */
  readonly detail: string;

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The request, as `METHOD /path`. */
    readonly request?: string,
    /** The answer's `object`, when it has one (e.g. `{ mfaSetupRequired: true }`, `{ retryAfter }`). */
    readonly object?: Record<string, unknown>,
  ) {
    super(`${type} - ${message}`);
    this.detail = message;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The request did not get an answer: connection refused or reset, DNS failure... */
export class PropolisNetworkError extends PropolisClientError {
  override name = 'PropolisNetworkError';
  constructor(
    message: string,
    readonly request: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No answer within the request's timeout (the client's `timeout`, or the call's). */
export class PropolisTimeoutError extends PropolisClientError {
  override name = 'PropolisTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly request: string,
  ) {
    super(`${request}: no answer within ${timeoutMs} ms`);
  }
}

/** Reads an error answer ({type, message} JSON, or text) into a PropolisApiError. */
export async function apiErrorOf(response: Response, request: string): Promise<PropolisApiError> {
  const text = await response.text().catch(() => '');
  let type = response.status === 404 ? 'NotFoundError' : 'HttpError';
  let message = text || response.statusText || `HTTP ${response.status}`;
  let object: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as { type?: unknown; message?: unknown; object?: unknown };
    if (typeof parsed.type === 'string') type = parsed.type;
    if (typeof parsed.message === 'string') message = parsed.message;
    if (typeof parsed.object === 'object' && parsed.object !== null && !Array.isArray(parsed.object))
      object = parsed.object as Record<string, unknown>;
  } catch {
    // not JSON: keep the text
  }
  return new PropolisApiError(response.status, type, message, request, object);
}
