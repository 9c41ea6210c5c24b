/**
 * Month and year histograms group rows by UTC day before working out the calendar
 * (aggregate.ts, `calendarHistogramRows`): buckets, counts, metrics and a field breakdown match
 * what the calendar says of each date, at a month's first and last millisecond (from 1970 on, the
 * platform's first date), in the one-statement shape and in the general per-bucket path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const CASES: Array<{ startDate: number; severity: number }> = [
  { startDate: Date.UTC(2024, 0, 31, 23, 59, 59, 999), severity: 1 },
  { startDate: Date.UTC(2024, 1, 1), severity: 3 },
  { startDate: Date.UTC(2024, 1, 29, 12), severity: 2 },
  { startDate: Date.UTC(2024, 2, 1), severity: 4 },
  { startDate: Date.UTC(2024, 11, 31, 23, 59, 59, 999), severity: 2 },
  { startDate: Date.UTC(2025, 0, 1), severity: 1 },
  { startDate: Date.UTC(1970, 0, 1), severity: 3 },
  { startDate: Date.UTC(1970, 0, 31, 23, 59, 59, 999), severity: 2 },
  { startDate: Date.UTC(1970, 1, 1), severity: 4 },
];

/** The bucket start the calendar gives a date: months counted from 1970, grouped by `amount`. */
function monthBucket(at: number, amount: number): number {
  const d = new Date(at);
  const index = (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
  return Date.UTC(1970, Math.floor(index / amount) * amount, 1);
}

function yearBucket(at: number): number {
  return Date.UTC(new Date(at).getUTCFullYear(), 0, 1);
}

function expected(bucketOf: (at: number) => number) {
  const out: Record<string, { n: number; severities: number[] }> = {};
  for (const c of CASES) {
    const key = String(bucketOf(c.startDate));
    out[key] ??= { n: 0, severities: [] };
    out[key].n += 1;
    out[key].severities.push(c.severity);
  }
  return out;
}

describe('month and year histograms', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'calendar');
  beforeAll(async () => {
    for (const [i, c] of CASES.entries()) {
      const res = await soc.analyst.post('/api/v1/case', {
        title: `c${i}`,
        description: 'd',
        severity: c.severity,
        startDate: c.startDate,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.startDate).toBe(c.startDate);
    }
  });

  const histogram = (interval: unknown, select: unknown[]) => ({
    stats: [{ _agg: 'time', _fields: ['startDate'], _interval: interval, _select: select }],
  });

  it('counts each date in its calendar month, with metrics per month', async () => {
    const res = await soc.analyst.post(
      '/api/case/_stats',
      histogram('1M', [
        { _agg: 'count' },
        { _agg: 'avg', _field: 'severity' },
        { _agg: 'sum', _field: 'severity' },
        { _agg: 'min', _field: 'severity' },
        { _agg: 'max', _field: 'severity' },
      ]),
    );
    expect(res.status).toBe(200);
    const want: Record<string, unknown> = {};
    for (const [key, { n, severities }] of Object.entries(expected((at) => monthBucket(at, 1)))) {
      const sum = severities.reduce((a, b) => a + b, 0);
      want[key] = {
        startDate: {
          count: n,
          avg_severity: sum / n,
          sum_severity: sum,
          min_severity: Math.min(...severities),
          max_severity: Math.max(...severities),
        },
      };
    }
    expect(Object.keys(want)).toHaveLength(7);
    expect(res.body).toEqual(want);
  });

  it('groups months by the amount and years by the calendar year', async () => {
    for (const [interval, bucketOf] of [
      ['2M', (at: number) => monthBucket(at, 2)],
      ['3M', (at: number) => monthBucket(at, 3)],
      ['1y', yearBucket],
    ] as const) {
      const res = await soc.analyst.post('/api/case/_stats', histogram(interval, [{ _agg: 'count' }]));
      expect(res.status).toBe(200);
      const want = Object.fromEntries(
        Object.entries(expected(bucketOf)).map(([k, { n }]) => [k, { startDate: { count: n } }]),
      );
      expect(res.body, interval).toEqual(want);
    }
  });

  it('gives the one-statement shapes what the general per-bucket path gives', async () => {
    const breakdown = (sub: Record<string, unknown>) =>
      histogram('1M', [
        { _agg: 'field', _field: 'severity', _select: [{ _agg: 'count' }], ...sub },
        { _agg: 'count' },
      ]);
    const fast = await soc.analyst.post('/api/case/_stats', breakdown({}));
    // A filter on the sub-aggregation takes the general path, which asks for each bucket on its own.
    const general = await soc.analyst.post(
      '/api/case/_stats',
      breakdown({ _query: { _gte: { _field: 'severity', _value: 0 } } }),
    );
    expect(fast.status).toBe(200);
    expect(general.status).toBe(200);
    expect(fast.body).toEqual(general.body);
    const january1970 = String(Date.UTC(1970, 0, 1));
    expect(fast.body[january1970]).toEqual({ startDate: { 2: { count: 1 }, 3: { count: 1 }, count: 2 } });
    expect(Object.keys(fast.body)).toHaveLength(7);
  });
});
