/**
 * Operations: Prometheus metrics, the OpenAPI document, request ids, and log redaction.
 */
import { Writable } from 'node:stream';
import { type Logger, type LoggerOptions, pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';
import { loggerOptions, requestLogger } from './logger.js';

const server = useTestServer();

describe('metrics', () => {
  it('serves Prometheus text at /metrics with request counts per route and status', async () => {
    await server.admin.get('/api/v1/user/current');
    await server.anonymous.get('/api/v1/user/current');
    const res = await server.anonymous.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE propolis_http_requests_total counter');
    expect(res.text).toMatch(
      /propolis_http_requests_total\{method="GET",route="\/api\/v1\/user\/current",status="200"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /propolis_http_requests_total\{method="GET",route="\/api\/v1\/user\/current",status="401"\} [1-9]/,
    );
    expect(res.text).toContain('propolis_http_request_duration_seconds_bucket');
    expect(res.text).toContain('propolis_process_cpu_seconds_total');
  });

  it('labels unknown routes as one route, not by path', async () => {
    await server.anonymous.get('/no/such/path/12345');
    const res = await server.anonymous.get('/metrics');
    expect(res.text).not.toContain('/no/such/path/12345');
    expect(res.text).toMatch(/propolis_http_requests_total\{method="GET",route="unknown",status="404"\}/);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await server.anonymous.get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toContain('Propolis');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/user/{id}',
        '/api/v1/user',
        '/api/v1/login',
        '/api/v1/organisation',
        '/api/v1/profile/{id}',
        '/api/login',
      ]),
    );
    const createUser = doc.paths['/api/v1/user'].post;
    const schema = createUser.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['login', 'name', 'profile']));
    expect(
      doc.paths['/api/v1/user/{id}'].patch.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('name');
    expect(doc.paths['/metrics']).toBeUndefined();
    expect(doc.components.securitySchemes).toHaveProperty('apiKey');
  });
});

describe('request ids', () => {
  it('puts a unique X-Request-Id on every response, errors included', async () => {
    const responses = [
      await server.admin.get('/api/v1/user/current'),
      await server.admin.get('/api/v1/user/current'),
      await server.anonymous.get('/api/v1/user/current'),
      await server.anonymous.get('/does/not/exist'),
      await server.admin.post('/api/v1/user', { nope: true }),
      await server.anonymous.get('/api/health'),
    ];
    const ids = responses.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not take a request id from the client', async () => {
    const res = await server.admin.get('/api/v1/user/current', {
      headers: { 'x-request-id': 'chosen-by-client' },
    });
    expect(res.headers.get('x-request-id')).not.toBe('chosen-by-client');
  });
});

describe('log redaction', () => {
  function capture(): { logger: Logger; lines: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    });
    const logger = pino(loggerOptions('info') as LoggerOptions, stream);
    return { logger, lines: () => chunks.join('') };
  }

  it('redacts credentials in request headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          method: 'GET',
          url: '/api/v1/user/current',
          headers: {
            authorization: 'Bearer super-secret-key',
            cookie: 'PROPOLIS-SESSION=session-secret',
            'x-propolis-xsrf-token': 'csrf-secret',
          },
        },
        res: { statusCode: 200, headers: { 'set-cookie': 'PROPOLIS-SESSION=new-session-secret' } },
      },
      'request',
    );
    const out = lines();
    expect(out).toContain('/api/v1/user/current');
    for (const secret of ['super-secret-key', 'session-secret', 'csrf-secret', 'new-session-secret'])
      expect(out).not.toContain(secret);
    expect(out).toContain('<redacted>');
  });

  it('redacts passwords, keys and secrets wherever they are logged', () => {
    const { logger, lines } = capture();
    logger.info(
      { password: 'top-level-pw', body: { password: 'nested-pw', currentPassword: 'current-pw' } },
      'one',
    );
    logger.info({ user: { key: 'api-key-value', secret: 'totp-secret' } }, 'two');
    logger.info({ req: { body: { password: 'deep-pw', totpSecret: 'JBSWY3DPEHPK3PXP' } } }, 'three');
    const out = lines();
    for (const secret of [
      'top-level-pw',
      'nested-pw',
      'current-pw',
      'api-key-value',
      'totp-secret',
      'deep-pw',
      'JBSWY3DPEHPK3PXP',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('"msg":"three"');
    // Error codes are not secrets.
    logger.error({ err: { code: 'FST_ERR_X', message: 'boom' } }, 'four');
    expect(lines()).toContain('FST_ERR_X');
  });

  it('gives a request its id as pino would, and still redacts what the request logs', () => {
    const own = capture();
    const fast = capture();
    const id = '0193a0b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
    const body = { login: 'a@b.c', password: 'request-pw', nested: { apiKey: 'request-key' } };
    own.logger.child({ reqId: id }, {}).warn(body, 'refused');
    requestLogger(fast.logger, { reqId: id }, {}).warn(body, 'refused');
    const strip = (s: string) => s.replace(/"time":\d+,/, '');
    expect(strip(fast.lines())).toBe(strip(own.lines()));
    expect(fast.lines()).toContain(`"reqId":"${id}"`);
    for (const secret of ['request-pw', 'request-key']) expect(fast.lines()).not.toContain(secret);
    // other bindings take pino's own path, redaction included
    requestLogger(fast.logger, { reqId: id, password: 'bound-pw' }, {}).warn('x');
    expect(fast.lines()).not.toContain('bound-pw');
  });
});
