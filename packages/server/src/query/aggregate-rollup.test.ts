/**
 * Whole-set alert histograms from the rollup (query/aggregate-rollup.ts, migration 0009) give
 * exactly the general path's answer, on both databases, after every kind of alert write (create
 * with dates over a year, status changes, read flags, imports into cases, handling durations,
 * date changes, deletes), before and after the delta rows are folded; other organisations never
 * count; shapes the rollup cannot answer still answer right.
 */
import { type Filter, parseAggregation } from '@propolis/core';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldAlertRollup } from '../db/repositories/alert-rollup.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { aggregate, type JsonObject } from './aggregate.js';
import { entity } from './registry.js';
import { type QueryEnv, selectAll, withFilter } from './selection.js';

const server = useTestServer();
const soc = useOrganisation(server, 'rollup-soc');
const other = useOrganisation(server, 'rollup-other');
let env: QueryEnv;

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

beforeAll(async () => {
  const { db, dialect } = server.propolis.storage;
  env = {
    db,
    dialect,
    scope: soc.scope,
    customFields: new Map(),
  };
  const statuses = ['New', 'InProgress', 'Ignored', 'Duplicated', 'New'];
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await soc.analyst.post('/api/v1/alert', {
      type: 'siem',
      source: 'rollup',
      sourceRef: `r-${i}`,
      title: `Rollup ${i}`,
      description: 'd',
      date: START + ((i * 37) % 365) * DAY + i * 3_600_000,
      status: statuses[i % statuses.length],
    });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body._id);
  }
  for (let i = 0; i < 5; i++) {
    await other.analyst.post('/api/v1/alert', {
      type: 'siem',
      source: 'rollup',
      sourceRef: `o-${i}`,
      title: 'Other',
      description: 'd',
      date: START + i * DAY,
    });
  }
  // imports (case link, import date, handling duration), read flags, date and status changes, deletes
  for (const id of ids.slice(0, 8))
    expect((await soc.analyst.post(`/api/v1/alert/${id}/case`, {})).status).toBe(201);
  for (const id of ids.slice(8, 14)) await soc.analyst.post(`/api/v1/alert/${id}/read`);
  for (const id of ids.slice(14, 18))
    await soc.analyst.patch(`/api/v1/alert/${id}`, { date: START + 200 * DAY + 5 });
  for (const id of ids.slice(18, 22))
    await soc.analyst.patch(`/api/v1/alert/${id}`, { status: 'InProgress' });
  expect((await soc.analyst.post('/api/v1/alert/delete/_bulk', { ids: ids.slice(22, 25) })).status).toBe(204);
  // handling durations of several magnitudes (the import stored milliseconds)
  for (const [k, id] of ids.slice(0, 6).entries()) {
    await db
      .updateTable('alert')
      .set({ handling_duration: (k + 1) * 5_432_100 + k * 86_400_000 })
      .where('id', '=', Number(id.slice(1)))
      .execute();
  }
}, 60_000);

const SHAPES: Array<[string, 'v0' | 'v1', unknown]> = [
  [
    'v0 per day by status',
    'v0',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1d',
      _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    },
  ],
  [
    'v1 per week by status',
    'v1',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1w',
      _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    },
  ],
  [
    'v0 per week, average hours',
    'v0',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1w',
      _select: [{ _agg: 'avg', _field: 'handlingDurationInHours' }],
    },
  ],
  [
    'v1 per month, count, sum and average durations',
    'v1',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1M',
      _select: [
        { _agg: 'count' },
        { _agg: 'sum', _field: 'handlingDuration' },
        { _agg: 'avg', _field: 'handlingDurationInDays' },
        { _agg: 'sum', _field: 'handlingDurationInMinutes' },
      ],
    },
  ],
  [
    'v0 per quarter',
    'v0',
    { _agg: 'time', _fields: ['date'], _interval: '3M', _select: [{ _agg: 'count' }] },
  ],
  [
    'v1 per year by status',
    'v1',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1y',
      _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    },
  ],
  [
    'v1 per week by stage',
    'v1',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1w',
      _select: [{ _agg: 'field', _field: 'stage', _select: [{ _agg: 'count' }] }],
    },
  ],
  [
    'v0 per month by stage, terms in order',
    'v0',
    {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1M',
      _select: [
        { _agg: 'field', _field: 'stage', _order: ['_term'], _size: 2, _select: [{ _agg: 'count' }] },
      ],
    },
  ],
  [
    'v0 per 10 days',
    'v0',
    { _agg: 'time', _fields: ['date'], _interval: '10d', _select: [{ _agg: 'count' }] },
  ],
];

async function both(
  api: 'v0' | 'v1',
  json: unknown,
  filter: Filter = { kind: 'any' },
): Promise<[JsonObject, JsonObject]> {
  const agg = parseAggregation(json, api);
  const sel = withFilter(selectAll(entity('alert')), filter, api);
  return [await aggregate(env, sel, agg, { api }), await aggregate(env, sel, agg, { api, rollups: false })];
}

/** A delta row of 1000 alerts on a day, which only answers read from the rollup show. */
async function withStrayRow(day: number, check: () => Promise<void>): Promise<void> {
  await sql`INSERT INTO alert_rollup (organisation_id, day, status, imported, read, n, hd_n, hd_ms, hd_s, hd_m, hd_h, hd_d)
    VALUES (${env.scope.organisationId}, ${day}, 'New', 0, 0, 1000, 0, 0, 0, 0, 0, 0)`.execute(env.db);
  try {
    await check();
  } finally {
    await sql`DELETE FROM alert_rollup WHERE n = 1000`.execute(env.db);
  }
}

const total = (answer: JsonObject): number =>
  Object.values(answer).reduce<number>((acc, b) => acc + ((b as any).date.count as number), 0);

/** Averages may differ in the last bit between a database's AVG and a division. */
function close(a: unknown, b: unknown): void {
  if (typeof a === 'number' && typeof b === 'number') expect(a).toBeCloseTo(b, 9);
  else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(a)) close((a as JsonObject)[k], (b as JsonObject)[k]);
  } else expect(a).toEqual(b);
}

describe('alert histograms from the rollup', () => {
  it('answer exactly as the alert table, for every supported shape, before and after folding', async () => {
    for (const [name, api, json] of SHAPES) {
      const [fast, general] = await both(api, json);
      expect(Object.keys(general).length, name).toBeGreaterThan(0);
      close(fast, general);
    }
    await foldAlertRollup(env.db, server.propolis.storage.dialect);
    const left = await sql<{ n: number }>`SELECT count(*) AS n FROM alert_rollup`.execute(env.db);
    expect(Number(left.rows[0]!.n)).toBeLessThan(40 + 5);
    for (const [, api, json] of SHAPES) {
      const [fast, general] = await both(api, json);
      close(fast, general);
    }
  });

  it('reads the rollup for those shapes (a stray delta row shows), and the table for others', async () => {
    const json = { _agg: 'time', _fields: ['date'], _interval: '1y', _select: [{ _agg: 'count' }] };
    await sql`INSERT INTO alert_rollup (organisation_id, day, status, imported, read, n, hd_n, hd_ms, hd_s, hd_m, hd_h, hd_d)
      VALUES (${env.scope.organisationId}, ${START / DAY}, 'New', 0, 0, 1000, 0, 0, 0, 0, 0, 0)`.execute(
      env.db,
    );
    try {
      const [fast, general] = await both('v1', json);
      const year = String(START);
      expect((fast[year] as any).date.count).toBe((general[year] as any).date.count + 1000);
      // with a filter, min/max or another field the table answers
      const filtered = parseAggregation(json, 'v1');
      const sel = withFilter(
        selectAll(entity('alert')),
        { kind: 'compare', op: 'eq', field: 'source', value: 'rollup' },
        'v1',
      );
      const a = await aggregate(env, sel, filtered, { api: 'v1' });
      expect((a[year] as any).date.count).toBe((general[year] as any).date.count);
      const [minFast, minGeneral] = await both('v1', {
        _agg: 'time',
        _fields: ['date'],
        _interval: '1y',
        _select: [{ _agg: 'max', _field: 'handlingDuration' }],
      });
      expect(minFast).toEqual(minGeneral);
    } finally {
      await sql`DELETE FROM alert_rollup WHERE n = 1000`.execute(env.db);
    }
  });

  it('reads ranges of whole UTC days on date from it, and other ranges from the table', async () => {
    const json = { _agg: 'time', _fields: ['date'], _interval: '1M', _select: [{ _agg: 'count' }] };
    const from = START + 30 * DAY;
    const to = START + 200 * DAY;
    const cmp = (op: 'gt' | 'gte' | 'lt' | 'lte', value: number | string): Filter => ({
      kind: 'compare',
      op,
      field: 'date',
      value,
    });
    const whole: Array<[string, Filter]> = [
      ['between', { kind: 'between', field: 'date', from, to }],
      ['gte and lt', { kind: 'and', filters: [cmp('gte', from), cmp('lt', to)] }],
      [
        'gt and lte, a millisecond before',
        { kind: 'and', filters: [cmp('gt', from - 1), cmp('lte', to - 1)] },
      ],
      ['dates as text', { kind: 'and', filters: [cmp('gte', new Date(from).toISOString()), cmp('lt', to)] }],
    ];
    for (const [name, filter] of whole) {
      const [fast, general] = await both('v1', json, filter);
      expect(total(general), name).toBeGreaterThan(0);
      expect(total(general), name).toBeLessThan(35);
      close(fast, general);
      // inside the range the stray row shows, just outside it does not
      await withStrayRow(from / DAY, async () => {
        const [fast] = await both('v1', json, filter);
        expect(total(fast), name).toBe(total(general) + 1000);
      });
      await withStrayRow(from / DAY - 1, async () => {
        const [fast] = await both('v1', json, filter);
        expect(total(fast), name).toBe(total(general));
      });
    }
    const partial: Array<[string, Filter]> = [
      ['between, not whole days', { kind: 'between', field: 'date', from: from + 1, to }],
      ['gt a whole day', cmp('gt', from)],
      ['lte a whole day', cmp('lte', to)],
      [
        'a range and another field',
        {
          kind: 'and',
          filters: [cmp('gte', from), { kind: 'compare', op: 'eq', field: 'status', value: 'New' }],
        },
      ],
      ['a range on another date', { kind: 'between', field: 'importDate', from, to }],
      ['either of two ranges', { kind: 'or', filters: [cmp('lt', from), cmp('gte', to)] }],
    ];
    for (const [name, filter] of partial) {
      await withStrayRow(from / DAY + 1, async () => {
        const [fast, general] = await both('v1', json, filter);
        expect(fast, name).toEqual(general);
      });
    }
  });

  it('answers v1 aggregation steps over a range of days from it', async () => {
    const aggregation = {
      _agg: 'time',
      _fields: ['date'],
      _interval: '1w',
      _select: [{ _agg: 'field', _field: 'stage', _select: [{ _agg: 'count' }] }],
    };
    const range: Filter = { kind: 'between', field: 'date', from: START, to: START + 100 * DAY };
    const run = () =>
      soc.analyst.post('/api/v1/query', {
        query: [
          { _name: 'listAlert' },
          { _name: 'filter', _between: { _field: 'date', _from: START, _to: START + 100 * DAY } },
          { _name: 'aggregation', ...aggregation },
        ],
      });
    const res = await run();
    expect(res.status, res.text).toBe(200);
    const [, general] = await both('v1', aggregation, range);
    expect(Object.keys(general).length).toBeGreaterThan(3);
    expect(res.body).toEqual(general);
    const fresh = (a: JsonObject) =>
      Object.values(a).reduce<number>((acc, b) => acc + ((b as any).date.New?.count ?? 0), 0);
    await withStrayRow(START / DAY + 1, async () => {
      expect(fresh((await run()).body)).toBe(fresh(general) + 1000);
    });
  });

  it('leaves other entities to the table', async () => {
    const res = await soc.analyst.post('/api/case/_stats', {
      query: {},
      stats: [{ _agg: 'time', _fields: ['startDate'], _interval: '1y', _select: [{ _agg: 'count' }] }],
    });
    expect(res.status, res.text).toBe(200);
    // the eight imports of the fixture made eight cases
    expect(Object.values(res.body).map((b: any) => b.startDate.count)).toEqual([8]);
  });

  it('serves the v0 _stats route from it', async () => {
    const res = await soc.analyst.post('/api/alert/_stats', {
      query: {},
      stats: [SHAPES[0]![2]],
    });
    expect(res.status).toBe(200);
    const [, general] = await both('v0', SHAPES[0]![2]);
    close(res.body, general);
    // the other organisation sees only its five
    const theirs = await other.analyst.post('/api/alert/_stats', {
      query: {},
      stats: [{ _agg: 'time', _fields: ['date'], _interval: '1y', _select: [{ _agg: 'count' }] }],
    });
    expect(Object.values(theirs.body).map((b: any) => b.date.count)).toEqual([5]);
  });
});
