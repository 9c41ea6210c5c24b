/**
 * pino options: request ids in every line, and secrets (credentials, cookies, passwords, keys) redacted.
 */
import type { FastifyServerOptions } from 'fastify';
import type { FastifyChildLoggerFactory } from 'fastify/types/logger.js';
import { symbols } from 'pino';

/** Field names whose values are secrets, redacted at the top level and two levels down. */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'key',
  'apiKey',
  'secret',
  'totpSecret',
  'sessionToken',
  'csrfToken',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-propolis-xsrf-token"]',
        'req.headers["x-the-hive-xsrf-token"]',
        'res.headers["set-cookie"]',
        '*.headers.authorization',
        '*.headers.cookie',
        ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
      ],
      censor: '<redacted>',
    },
  };
}

/**
 * Fastify's per-request logger (`childLoggerFactory`): a child of the app's logger carrying the
 * request id. pino's child() runs every binding through the redaction above, and its top-level
 * wildcard paths make that a redactor parsing all its paths again for each child, ~25 µs per
 * request, to redact nothing in a UUID the server made itself (`genReqId`). The id is appended to
 * the child's bindings as pino would have written it (same log lines, `ops.test.ts`); other
 * bindings take pino's own path.
 */
export function requestLogger(
  logger: Parameters<FastifyChildLoggerFactory>[0],
  bindings: Parameters<FastifyChildLoggerFactory>[1],
  options: Parameters<FastifyChildLoggerFactory>[2],
): ReturnType<FastifyChildLoggerFactory> {
  const keys = Object.keys(bindings);
  const id = bindings.reqId;
  const pinoLogger = typeof (logger as unknown as Record<symbol, unknown>)[symbols.chindingsSym] === 'string';
  // logging off (Fastify's no-op logger) or other bindings: as Fastify would
  if (!pinoLogger || keys.length !== 1 || keys[0] !== 'reqId' || typeof id !== 'string')
    return logger.child(bindings, options);
  const child = logger.child({}, options);
  (child as unknown as Record<symbol, string>)[symbols.chindingsSym] += `,"reqId":${JSON.stringify(id)}`;
  return child;
}
