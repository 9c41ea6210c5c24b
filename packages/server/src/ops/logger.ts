/**
 * pino options: request ids in every line, and secrets (credentials, cookies, passwords, keys) redacted.
 */
import type { FastifyServerOptions } from 'fastify';

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-propolis-xsrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.key',
        '*.secret',
      ],
      censor: '<redacted>',
    },
  };
}
