/**
 * When a failed request is tried again. Only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS,
 * and POSTs the client knows change nothing, such as /api/v1/query) are retried, on network failures
 * and on 502/503/504/429 answers. A non-idempotent request is retried only when the connection was
 * refused, which means the server never saw it. Delays grow exponentially with jitter, and a
 * `Retry-After` answer header (seconds) is honoured up to `maxDelayMs`.
 */

export interface RetryOptions {
  /** Further attempts after the first (default 2; 0 disables retries). */
  retries?: number;
  /** Delay before the first retry (default 200 ms), doubled at each further one. */
  baseDelayMs?: number;
  /** Upper bound of one delay (default 5 s). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, baseDelayMs: 200, maxDelayMs: 5_000 };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

export const isIdempotentMethod = (method: string): boolean => IDEMPOTENT_METHODS.has(method.toUpperCase());

export const isRetriedStatus = (status: number): boolean => RETRIED_STATUSES.has(status);

/** True when a fetch failure shows the request never left (the connection was refused). */
export function wasRefused(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The delay before attempt `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, retryAfter?: string | null) {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, options.maxDelayMs);
  const exp = options.baseDelayMs * 2 ** (attempt - 1);
  // full jitter between half and all of the exponential delay
  return Math.min(exp / 2 + Math.random() * (exp / 2), options.maxDelayMs);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
