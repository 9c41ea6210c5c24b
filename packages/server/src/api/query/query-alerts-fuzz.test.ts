/**
 * The query engine on alerts (v1 listAlert/getAlert by key, v0 status mapping, _search, _stats,
 * navigation to observables and case), and a fuzz test: random and malformed pipelines, v0
 * searches and stats bodies never answer 5xx.
 */
import { AGGREGATION_KINDS, supportedOperators } from '@propolis/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { day } from '../../test-support/query-fixture.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
const ids: Record<string, string> = {};

beforeAll(async () => {
  const mk = async (sourceRef: string, extra: Record<string, unknown>) => {
    ids[sourceRef] = (await postAlert(soc.analyst, { source: 'wazuh', sourceRef, ...extra }))._id;
  };
  await mk('a1', {
    severity: 1,
    date: day(2024, 5, 1),
    tags: ['ssh'],
    observables: [{ dataType: 'ip', data: '192.0.2.1' }],
  });
  await mk('a2', { severity: 3, date: day(2024, 5, 2), tags: ['ssh', 'brute'] });
  await mk('a3', { severity: 2, date: day(2024, 6, 1) });
  await expectOk(soc.analyst.post(`/api/alert/${ids.a2}/markAsRead`), 'mark a2 as read');
  await expectOk(soc.analyst.post(`/api/v1/alert/${ids.a3}/case`, {}), 'import a3');
}, 60_000);

const refs = (items: Array<{ sourceRef: string }>) => items.map((a) => a.sourceRef).sort();

describe('alerts', () => {
  it('v1 listAlert with filters, sort, page and getAlert by type;source;sourceRef', async () => {
    const q = (query: unknown[]) => soc.analyst.post('/api/v1/query?name=alerts', { query });
    const list = await q([
      { _name: 'listAlert' },
      { _name: 'filter', _eq: { _field: 'tags', _value: 'ssh' } },
      { _name: 'sort', _fields: [{ date: 'desc' }] },
      { _name: 'page', from: 0, to: 15, extraData: ['total'] },
    ]);
    expect(list.status, list.text).toBe(200);
    expect(list.body.map((a: { sourceRef: string }) => a.sourceRef)).toEqual(['a2', 'a1']);
    expect(list.headers.get('x-total')).toBe('2');
    expect(
      refs((await q([{ _name: 'listAlert' }, { _name: 'filter', _field: 'imported', _value: false }])).body),
    ).toEqual(['a1', 'a2']);
    expect(refs((await q([{ _name: 'getAlert', idOrName: 'siem;wazuh;a1' }])).body)).toEqual(['a1']);
    const obs = await q([{ _name: 'getAlert', idOrName: ids.a1! }, { _name: 'observables' }]);
    expect(obs.body.map((o: { data: string }) => o.data)).toEqual(['192.0.2.1']);
    const kase = await q([{ _name: 'getAlert', idOrName: ids.a3! }, { _name: 'case' }, { _name: 'count' }]);
    expect(kase.body).toBe(1);
    const back = await q([{ _name: 'getAlert', idOrName: ids.a3! }, { _name: 'case' }, { _name: 'alerts' }]);
    expect(refs(back.body)).toEqual(['a3']);
  });

  it('v0 _search with the v0 status (New, Ignored, Imported) and _stats', async () => {
    const s = (query: unknown) => soc.analyst.post('/api/alert/_search?range=all', { query });
    expect(refs((await s({ _field: 'status', _value: 'New' })).body)).toEqual(['a1']);
    expect(refs((await s({ _field: 'status', _value: 'Ignored' })).body)).toEqual(['a2']);
    expect(refs((await s({ _in: { _field: 'status', _values: ['Imported', 'Updated'] } })).body)).toEqual([
      'a3',
    ]);
    expect(refs((await s({ _string: 'tags:brute' })).body)).toEqual(['a2']);
    const list = await soc.analyst.get('/api/alert?sort=-date&range=0-1');
    expect(list.body.map((a: { sourceRef: string }) => a.sourceRef)).toEqual(['a3']);
    expect(list.headers.get('x-total')).toBe('3');
    const a4 = await soc.analyst.post('/api/alert/_stats', {
      query: { _between: { _field: 'date', _from: day(2024, 1, 1), _to: day(2025, 1, 1) } },
      stats: [
        { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }], _order: '-_count', _size: 10 },
        { _agg: 'time', _fields: ['date'], _interval: '1M', _select: [{ _agg: 'count' }] },
        { _agg: 'count' },
      ],
    });
    expect(a4.body).toEqual({
      New: { count: 1 },
      Ignored: { count: 1 },
      Imported: { count: 1 },
      [day(2024, 5, 1)]: { date: { count: 2 } },
      [day(2024, 6, 1)]: { date: { count: 1 } },
      count: 3,
    });
  });
});

// ---------------------------------------------------------------- fuzz

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIELDS = [
  'title',
  'status',
  'severity',
  'tags',
  'startDate',
  '_createdAt',
  'customFields.x',
  'nope',
  '',
  'a..b',
  '__proto__',
  'owner',
  'caseId',
  'tlp',
  'data',
  'dataType',
  '_id',
  'handlingDurationInDays',
  'assignee',
  'flag',
  'stage',
  'date',
];
const VALUES: unknown[] = [
  0,
  -1,
  1.5,
  2 ** 60,
  'x',
  '',
  '%',
  '_',
  '*',
  'a*b*c',
  "'; DROP TABLE case; --",
  null,
  true,
  [],
  {},
  { amount: 1, unit: 'days', look: 'behind' },
  '2024-01-01',
  '~1',
  'é€😀',
  'x'.repeat(5000),
];
// every operator either dialect accepts, from the parser's own list, and one that does not exist
const OPS = [...supportedOperators('v0'), '_bogus'];
const STEPS = [
  'listCase',
  'listTask',
  'listLog',
  'listObservable',
  'listAlert',
  'listCaseTemplate',
  'listCustomField',
  'listObservableType',
  'listUser',
  'getCase',
  'getAlert',
  'filter',
  'sort',
  'page',
  'count',
  'limitedCount',
  'aggregation',
  'tasks',
  'logs',
  'observables',
  'case',
  'alerts',
  'task',
  'nope',
];

function gen(r: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const filter = (depth: number): unknown => {
    const op = pick(OPS);
    if (r() < 0.1) return pick(VALUES);
    switch (op) {
      case '_and':
      case '_or':
        return { [op]: depth > 3 ? pick(VALUES) : [filter(depth + 1), filter(depth + 1)] };
      case '_not':
        return { _not: depth > 3 ? {} : filter(depth + 1) };
      case '_in':
        return {
          _in: { _field: pick(FIELDS), _values: r() < 0.8 ? [pick(VALUES), pick(VALUES)] : pick(VALUES) },
        };
      case '_between':
        return { _between: { _field: pick(FIELDS), _from: pick(VALUES), _to: pick(VALUES) } };
      case '_has':
      case '_contains':
      case '_string':
      case '_type':
      case '_id':
        return { [op]: r() < 0.5 ? pick(FIELDS) : pick(VALUES) };
      case '_parent':
      case '_child':
        return {
          [op]: {
            _type: pick(['case', 'case_task', 'case_artifact', 'alert', 'x', 1]),
            _query: depth > 3 ? {} : filter(depth + 1),
          },
        };
      default:
        return {
          [op]: r() < 0.7 ? { _field: pick(FIELDS), _value: pick(VALUES) } : { [pick(FIELDS)]: pick(VALUES) },
        };
    }
  };
  const agg = (depth: number): unknown => {
    const kind = pick([...AGGREGATION_KINDS, 'x']);
    return {
      _agg: kind,
      _field: pick(FIELDS),
      _fields: [pick(FIELDS)],
      _interval: pick(['1d', '1w', '1M', '1y', '1s', 'x', 0, { _interval: 2, _unit: 'MONTHS' }]),
      _size: pick([1, 5, 0, -1, 'x', 2000]),
      _order: pick(['-_count', '_term', 'x', ['-sum_severity'], 3]),
      _categories: { a: filter(2), b: pick(VALUES) },
      _select: depth > 2 ? [] : [agg(depth + 1)],
      ...(r() < 0.3 ? { _query: filter(2) } : {}),
    };
  };
  const step = (): Record<string, unknown> => {
    const name = pick(STEPS);
    switch (name) {
      case 'filter':
        return { _name: 'filter', ...(filter(1) as object) };
      case 'sort':
        return {
          _name: 'sort',
          _fields:
            r() < 0.8 ? [{ [pick(FIELDS)]: pick(['asc', 'desc', 'x']) }, `-${pick(FIELDS)}`] : pick(VALUES),
        };
      case 'page':
        return {
          _name: 'page',
          from: pick([0, 1, 5, -1, 'x', 2 ** 40]),
          to: pick([0, 2, 10, 100000, 'y']),
          extraData: pick([['total'], [], 'x']),
        };
      case 'aggregation':
        return { _name: 'aggregation', ...(agg(1) as object) };
      case 'getCase':
      case 'getAlert':
        return { _name: name, idOrName: pick(VALUES) };
      default:
        return { _name: name };
    }
  };
  return { filter, agg, step, pick };
}

describe('fuzz: never 5xx', () => {
  it('random pipelines, v0 searches and stats', async () => {
    const r = rng(20240601);
    const g = gen(r);
    const failures: string[] = [];
    const check = async (label: string, p: Promise<{ status: number; text: string }>) => {
      const res = await p;
      if (res.status >= 500) failures.push(`${label} → ${res.status} ${res.text.slice(0, 300)}`);
    };
    for (let i = 0; i < 150; i++) {
      const steps = Array.from({ length: 1 + Math.floor(r() * 5) }, g.step);
      if (r() < 0.8)
        steps.unshift({ _name: g.pick(['listCase', 'listAlert', 'listTask', 'listObservable', 'listLog']) });
      const body = { query: steps };
      await check(JSON.stringify(body), soc.analyst.post('/api/v1/query', body));
      const search = {
        query: g.filter(1),
        range: g.pick(['all', '0-5', 'x', 5, '10-2']),
        sort: g.pick(['-title', ['+severity', '-nope'], 3]),
      };
      const path = g.pick([
        '/api/case',
        '/api/case/task',
        '/api/case/task/log',
        '/api/case/artifact',
        '/api/alert',
      ]);
      await check(`${path}/_search ${JSON.stringify(search)}`, soc.analyst.post(`${path}/_search`, search));
      const stats = { query: g.filter(1), stats: [g.agg(1), g.agg(1)] };
      await check(`${path}/_stats ${JSON.stringify(stats)}`, soc.analyst.post(`${path}/_stats`, stats));
    }
    for (const raw of [
      '[]',
      '{"query": 1}',
      '{"query": [1]}',
      '{"query": [{}]}',
      '{"query": [{"_name": "listCase"}, null]}',
      'null',
      '"x"',
    ]) {
      await check(
        raw,
        soc.analyst.send('POST', '/api/v1/query', undefined, {
          raw,
          headers: { 'content-type': 'application/json' },
        }),
      );
      await check(
        raw,
        soc.analyst.send('POST', '/api/case/_search', undefined, {
          raw,
          headers: { 'content-type': 'application/json' },
        }),
      );
      await check(
        raw,
        soc.analyst.send('POST', '/api/_stats', undefined, {
          raw,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
