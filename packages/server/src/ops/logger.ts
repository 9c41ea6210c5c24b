/**
 * pino options: request ids in every line, and secrets (credentials, cookies, passwords, keys) redacted.
 */
import type { FastifyServerOptions } from 'fastify';

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
