/**
 * Errors that cross layers. Every API face renders them as `{"type": ..., "message": ...}`
 * with the HTTP status below, using TheHive's type names so existing clients understand them.
 */
export type ErrorType =
  | 'BadRequest'
  | 'AuthenticationError'
  | 'AuthorizationError'
  | 'NotFoundError'
  | 'StreamNotFound'
  | 'ConflictError'
  | 'CreateError'
  | 'SearchError'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'TooManyRequests'
  | 'RateLimitExceeded'
  | 'Locked'
  | 'BadGateway'
  | 'InternalError';

const statusOf: Record<ErrorType, number> = {
  BadRequest: 400,
  AuthenticationError: 401,
  AuthorizationError: 403,
  NotFoundError: 404,
  StreamNotFound: 404,
  ConflictError: 400,
  CreateError: 400,
  SearchError: 400,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  NotAcceptable: 406,
  TooManyRequests: 429,
  RateLimitExceeded: 429,
  Locked: 423,
  BadGateway: 502,
  InternalError: 500,
};

export class PropolisError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** Extra payload rendered next to type and message (TheHive puts the conflicting object there). */
  readonly object?: unknown;

  constructor(
    type: ErrorType,
    message: string,
    options?: { object?: unknown; status?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = type;
    this.type = type;
    this.status = options?.status ?? statusOf[type];
    this.object = options?.object;
  }
}

export const badRequest = (message: string) => new PropolisError('BadRequest', message);
export const notFound = (message: string) => new PropolisError('NotFoundError', message);
export const forbidden = (message: string) => new PropolisError('AuthorizationError', message);
export const unauthenticated = (message: string) => new PropolisError('AuthenticationError', message);
export const conflict = (message: string, object?: unknown) =>
  new PropolisError('ConflictError', message, { object });
