/**
 * The boundary checks of api/input-guard.ts and the range schemas: what PostgreSQL cannot store as
 * sent (U+0000, lone surrogates, numbers beyond their column) is a 400 naming the field on both
 * databases, and what is accepted at the edges of the ranges is stored and read back unchanged.
 */
import { DATE_MAX_MS, INT32_MAX } from '@propolis/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase, createTask, expectOk } from '../test-support/factories.js';
import { useOrganisation } from '../test-support/identity.js';
import { multipartBody } from '../test-support/multipart.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
let caseId: string;
let taskId: string;
let logId: string;

beforeAll(async () => {
  caseId = (await createCase(soc.analyst, { title: 'boundary', description: 'd' }))._id;
  taskId = (await createTask(soc.analyst, caseId, { title: 'task' }))._id;
  logId = (await expectOk(soc.analyst.post(`/api/v1/task/${taskId}/log`, { message: 'log' }), 'log'))._id;
});

const NUL = '\u0000';
const listCases = (filter: Record<string, unknown>) => ({
  query: [{ _name: 'listCase' }, { _name: 'filter', ...filter }],
});

describe('text no database can store as sent', () => {
  const cases: Array<[string, string, () => string, unknown, string]> = [
    ['case title', 'POST', () => '/api/v1/case', { title: `x${NUL}`, description: 'd' }, 'title'],
    [
      'case description',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: `a${NUL}b` },
      'description',
    ],
    [
      'a key',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: 'd', customFields: { [`a${NUL}`]: 1 } },
      'customFields',
    ],
    [
      'a nested value',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: 'd', tags: ['ok', `b${NUL}`] },
      'tags[1]',
    ],
    ['a lone surrogate', 'POST', () => '/api/v1/case', { title: 'x\ud800', description: 'd' }, 'title'],
    ['task title', 'POST', () => `/api/v1/case/${caseId}/task`, { title: `t${NUL}` }, 'title'],
    ['log message', 'PATCH', () => `/api/v1/log/${logId}`, { message: `m${NUL}` }, 'message'],
    [
      'observable data',
      'POST',
      () => `/api/v1/case/${caseId}/observable`,
      { dataType: 'other', data: `d${NUL}` },
      'data',
    ],
    [
      'alert title',
      'POST',
      () => '/api/v1/alert',
      { type: 't', source: 's', sourceRef: 'r', title: `a${NUL}`, description: 'd' },
      'title',
    ],
    [
      'v1 query value',
      'POST',
      () => '/api/v1/query',
      listCases({ _eq: { _field: 'title', _value: `a${NUL}b` } }),
      'query[1]._eq._value',
    ],
    [
      'v1 query _like',
      'POST',
      () => '/api/v1/query',
      listCases({ _like: { _field: 'title', _value: `a${NUL}` } }),
      'query[1]._like._value',
    ],
    [
      'v0 _search _string',
      'POST',
      () => '/api/case/_search',
      { query: { _string: `a${NUL}` } },
      'query._string',
    ],
    [
      'v0 _search _gte',
      'POST',
      () => '/api/case/_search',
      { query: { _gte: { title: `a${NUL}` } } },
      'query._gte.title',
    ],
    [
      'audit search',
      'POST',
      () => '/api/audit/_search',
      { query: { _eq: { _field: 'objectType', _value: `a${NUL}` } } },
      'query._eq._value',
    ],
    ['a path parameter', 'GET', () => '/api/v1/user/a%00b', undefined, 'path.'],
    ['a query-string value', 'GET', () => '/api/v1/tag?name=a%00b', undefined, 'query.'],
  ];
  for (const [what, method, path, body, field] of cases) {
    it(`refuses ${what} with a 400 naming ${field}`, async () => {
      const res = await soc.analyst.send(method, path(), body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.type).toBe('BadRequest');
      expect(res.body.message).toContain(field);
    });
  }

  it('answers 401 to Basic credentials whose login holds NUL', async () => {
    for (const credentials of ['a\u0000b:password-1234', `${soc.logins.analyst}\u0000:password-1234`]) {
      const res = await fetch(`${server.url}/api/v1/user/current`, {
        headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
      });
      expect(res.status).toBe(401);
    }
  });

  it('refuses NUL in a multipart _json part, and stores nothing', async () => {
    const before = (await soc.analyst.get(`/api/v1/task/${taskId}`)).body;
    const { body, contentType } = multipartBody([
      { name: '_json', value: JSON.stringify({ message: `m${NUL}` }) },
      { name: 'attachment', filename: 'a.txt', data: 'hello' },
    ]);
    const res = await soc.analyst.send('POST', `/api/v1/task/${taskId}/log`, undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.message).toMatch(/^message: /);
    const logs = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getTask', idOrName: taskId }, { _name: 'logs' }],
    });
    expect(logs.body.map((l: { message: string }) => l.message)).toEqual(['log']);
    expect((await soc.analyst.get(`/api/v1/task/${taskId}`)).body._updatedAt).toBe(before._updatedAt);
  });
});

describe('numbers beyond their column', () => {
  const cases: Array<[string, string, () => string, unknown, string]> = [
    [
      'task order 2^31',
      'POST',
      () => `/api/v1/case/${caseId}/task`,
      { title: 't', order: 2147483648 },
      'order',
    ],
    [
      'case startDate 2^64',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: 'd', startDate: 2 ** 64 },
      'startDate',
    ],
    [
      'case startDate 1e308',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: 'd', startDate: 1e308 },
      'startDate',
    ],
    [
      'case endDate after 9999',
      'PATCH',
      () => `/api/v1/case/${caseId}`,
      { endDate: DATE_MAX_MS + 1 },
      'endDate',
    ],
    ['task dueDate', 'PATCH', () => `/api/v1/task/${taskId}`, { dueDate: 1e308 }, 'dueDate'],
    ['log date', 'PATCH', () => `/api/v1/log/${logId}`, { date: 2 ** 64 }, 'date'],
    [
      'log includeInTimeline',
      'PATCH',
      () => `/api/v1/log/${logId}`,
      { message: 'm', includeInTimeline: 1e308 },
      'includeInTimeline',
    ],
    [
      'alert date',
      'POST',
      () => '/api/v1/alert',
      { type: 't', source: 's', sourceRef: 'n1', title: 'a', description: 'd', date: -1 },
      'date',
    ],
    ['v0 task order', 'POST', () => `/api/case/${caseId}/task`, { title: 't', order: -2147483649 }, 'order'],
    ['v0 case startDate', 'PATCH', () => `/api/case/${caseId}`, { startDate: 1e20 }, 'startDate'],
    [
      'a custom field order',
      'POST',
      () => '/api/v1/case',
      { title: 'x', description: 'd', customFields: [{ name: 'f', value: 1, order: 2 ** 40 }] },
      'order',
    ],
    [
      'a whole number beyond 2^53 anywhere',
      'POST',
      () => '/api/v1/query',
      listCases({ _gt: { _field: 'startDate', _value: 2 ** 60 } }),
      'query[1]._gt._value',
    ],
  ];
  for (const [what, method, path, body, field] of cases) {
    it(`refuses ${what} with a 400 naming ${field}`, async () => {
      const res = await soc.analyst.send(method, path(), body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toContain(field);
    });
  }

  it('stores the edges of the ranges exactly as sent', async () => {
    const task = await soc.analyst.post(`/api/v1/case/${caseId}/task`, {
      title: 'edges',
      order: INT32_MAX,
      dueDate: DATE_MAX_MS,
    });
    expect(task.status, task.text).toBe(201);
    const read = (await soc.analyst.get(`/api/v1/task/${task.body._id}`)).body;
    expect(read.order).toBe(INT32_MAX);
    expect(read.dueDate).toBe(DATE_MAX_MS);
    const created = await soc.analyst.post('/api/v1/case', {
      title: 'epoch',
      description: 'd',
      startDate: 0,
    });
    expect(created.status, created.text).toBe(201);
    expect((await soc.analyst.get(`/api/v1/case/${created.body._id}`)).body.startDate).toBe(0);
  });
});

describe('hardening', () => {
  const small = useTestServer({ uploadLimit: 1024 * 1024 });

  /** Sends the headers and a first chunk only, and answers the status (the rest never comes). */
  async function declareHuge(contentType: string, firstChunk: string): Promise<number> {
    const { request } = await import('node:http');
    const url = new URL(`${small.url}/api/v1/task/~1/log`);
    return new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from('admin@thehive.local:admin-secret-1').toString('base64')}`,
            'content-type': contentType,
            'content-length': String(200 * 1024 * 1024),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(firstChunk);
    });
  }

  it('refuses a body whose Content-Length is over the limit before reading it (multipart and JSON)', async () => {
    const started = Date.now();
    const multipart = await declareHuge(
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="attachment"; filename="a"\r\n\r\n',
    );
    expect(multipart).toBe(413);
    expect(await declareHuge('application/json', '{"message":"')).toBe(413);
    // answered without the 200 MB: a read of the body would wait for bytes that never come
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses to end a live session without its CSRF token, on GET and POST logout', async () => {
    const login = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: soc.logins.analyst, password: 'password-1234' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    for (const method of ['GET', 'POST']) {
      const refused = await fetch(`${server.url}/api/v1/logout`, { method, headers: { cookie } });
      expect(refused.status).toBe(403);
      const wrong = await fetch(`${server.url}/api/logout`, {
        method,
        headers: { cookie, 'x-propolis-xsrf-token': 'not-the-token' },
      });
      expect(wrong.status).toBe(403);
    }
    expect((await fetch(`${server.url}/api/v1/user/current`, { headers: { cookie } })).status).toBe(200);
    // without a live session there is nothing to protect: the cookies are just cleared
    expect((await fetch(`${server.url}/api/v1/logout`)).status).toBe(204);
  });
});
