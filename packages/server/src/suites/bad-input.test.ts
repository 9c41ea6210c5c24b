/**
 * The bad-input corpus against every write route and query endpoint of the route table
 * (/api/openapi.json): malformed and truncated JSON, invalid UTF-8, lone surrogates, NUL, wrong
 * types, huge strings and arrays, extreme numbers, deep nesting, `__proto__` keys, hostile
 * multipart filenames and query strings. Every answer must be a 2xx or a 4xx with the
 * `{type, message}` error shape; never a 5xx, and the server must still answer afterwards.
 * The requests are aimed at the caller's own objects, so they get as far as they can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';
import {
  type BadRequest,
  bodyCorpus,
  multipartCorpus,
  PARSER_CORPUS,
  QUERY_CORPUS,
} from './test-support/bad-input.js';
import { fillPath } from './test-support/request-builder.js';
import { isPublic, isReadingPost, type Route, readRouteTable } from './test-support/route-table.js';
import { createTenant, type Tenant } from './test-support/tenant-fixture.js';

const server = useTestServer({ stream: { refreshSeconds: 1 } });
let owner: Tenant;
let routes: Route[];

beforeAll(async () => {
  owner = await createTenant(server, 'corpus', 'corpusmark');
  // deletions, and case merges (which delete their sources), would remove the objects the other
  // routes aim at; they take no body anyway
  routes = (await readRouteTable(server.admin)).filter(
    (r) =>
      !isPublic(r) &&
      r.method !== 'DELETE' &&
      !/\/case\/([^/]+\/)?_merge\//.test(r.path) &&
      !r.path.endsWith('/logout'),
  );
}, 120_000);

const timings = new Map<string, number>();
afterAll(() => {
  if (process.env.CORPUS_TIMES)
    console.log('TIMES', JSON.stringify([...timings].sort((a, b) => b[1] - a[1]).slice(0, 15)));
});

/** Runs `fn` over `items`, a few at a time (the server answers other requests while one waits). */
async function inParallel<T>(
  items: readonly T[],
  fn: (item: T) => Promise<void>,
  width = Number(process.env.CORPUS_WIDTH ?? 6),
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

interface Finding {
  request: string;
  status: number;
  answer: string;
}

async function send(route: Route, bad: BadRequest, findings: Finding[]): Promise<void> {
  const path = fillPath(route, () => owner.ids) + (bad.query ? `?${bad.query}` : '');
  const method = route.method;
  const headers: Record<string, string> = {};
  if (bad.contentType) headers['content-type'] = bad.contentType;
  let status: number;
  let answer: string;
  const t0 = performance.now();
  try {
    const res = await owner.orgAdmin.send(method, path, undefined, {
      raw: method === 'GET' ? undefined : bad.raw,
      headers,
    });
    status = res.status;
    answer = res.text;
    if (
      status >= 400 &&
      status < 500 &&
      !(typeof res.body === 'object' && res.body?.type && res.body?.message)
    ) {
      findings.push({
        request: `${method} ${path} [${bad.name}]`,
        status,
        answer: `not {type, message}: ${answer.slice(0, 200)}`,
      });
    }
  } catch (error) {
    status = 0;
    answer = `no answer: ${(error as Error).message}`;
  }
  if (process.env.CORPUS_TIMES)
    timings.set(
      bad.name.replace(/ \d+$/, ''),
      (timings.get(bad.name.replace(/ \d+$/, '')) ?? 0) + performance.now() - t0,
    );
  if (status === 0 || status >= 500) {
    findings.push({ request: `${method} ${path} [${bad.name}]`, status, answer: answer.slice(0, 300) });
  }
}

describe('bad-input corpus', () => {
  it('no write route or query endpoint answers a 5xx to a hostile body', async () => {
    const findings: Finding[] = [];
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(80);
    const jobs = writes.flatMap((route) => bodyCorpus(route, owner.ids).map((bad) => [route, bad] as const));
    for (const path of ['/api/v1/case', '/api/alert', '/api/v1/query', '/api/case/_search']) {
      const route = writes.find((r) => r.path === path && r.method === 'POST');
      if (route) for (const bad of PARSER_CORPUS) jobs.push([route, bad] as const);
    }
    await inParallel(jobs, ([route, bad]) => send(route, bad, findings));
    const sent = jobs.length;
    if (process.env.CORPUS_TIMES) console.log('JOBS', sent);
    expect(sent).toBeGreaterThan(writes.length * 20);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  }, 300_000);

  it('no route answers a 5xx to hostile multipart uploads or query strings', async () => {
    const findings: Finding[] = [];
    const multipart = multipartCorpus();
    const jobs: Array<[Route, BadRequest]> = [];
    for (const route of routes) {
      if (route.method !== 'GET' && !isReadingPost(route)) {
        // the whole set where files are taken (logs, observables, alerts); elsewhere the parser's
        // answer is the same whatever the parts hold, so two uploads are enough
        const takesFiles = route.method === 'POST' && /\/(log|observable|artifact|alert)$/.test(route.path);
        for (const bad of takesFiles ? multipart : multipart.slice(0, 2)) jobs.push([route, bad]);
      }
      const body = route.method === 'GET' ? {} : { raw: '{}', contentType: 'application/json' };
      for (const bad of QUERY_CORPUS) jobs.push([route, { ...bad, ...body }]);
    }
    await inParallel(jobs, ([route, bad]) => send(route, bad, findings));
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  }, 300_000);

  it('no hostile credential or organisation header answers a 5xx', async () => {
    const basic = (text: string | Buffer) => `Basic ${Buffer.from(text).toString('base64')}`;
    const headerSets: Array<Record<string, string>> = [
      { authorization: basic('a\u0000b:password') },
      { authorization: basic(`${owner.logins.analyst}\u0000:password`) },
      { authorization: basic('\ud800:x') },
      { authorization: basic(Buffer.from([0xff, 0xfe, 0x3a, 0xff])) },
      { authorization: basic('no-colon') },
      { authorization: 'Basic !!!not-base64!!!' },
      { authorization: `Basic ${'A'.repeat(60_000)}` },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${'x'.repeat(60_000)}` },
      { authorization: 'Negotiate abc' },
      { authorization: 'Bearer \u00ff\u00fe' },
      { cookie: 'PROPOLIS-SESSION=%00%ff; PROPOLIS-SESSION=x' },
      { cookie: `PROPOLIS-SESSION=${'y'.repeat(8000)}` },
      { authorization: `Bearer ${owner.analyst.auth.key}`, 'x-organisation': '~99999999999999999999' },
      { authorization: `Bearer ${owner.analyst.auth.key}`, 'x-organisation': '\u00ff%00' },
      { authorization: `Bearer ${owner.analyst.auth.key}`, 'x-organisation': 'x'.repeat(5000) },
    ];
    const findings: string[] = [];
    for (const headers of headerSets) {
      for (const path of ['/api/v1/user/current', '/api/v1/query', '/api/case/_search']) {
        const method = path === '/api/v1/user/current' ? 'GET' : 'POST';
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
          body: method === 'POST' ? '{"query":[{"_name":"listCase"}]}' : undefined,
        });
        if (res.status >= 500)
          findings.push(`${method} ${path} ${JSON.stringify(headers).slice(0, 120)} → ${res.status}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('the server still answers, and its objects are intact', async () => {
    expect((await server.anonymous.get('/api/status')).status).toBe(200);
    const c = await owner.orgAdmin.get(`/api/v1/case/${owner.ids.case}`);
    expect(c.status).toBe(200);
    // nothing polluted Object.prototype in the server process (the tests share it)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
