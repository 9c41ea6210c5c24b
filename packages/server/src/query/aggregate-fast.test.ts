/**
 * Histograms computed in one grouped statement give exactly what the general per-bucket path gives
 * (a `_query` on a sub-aggregation forces the general path).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

describe('time aggregation in one statement', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  beforeAll(async () => {
    const day = 86_400_000;
    const base = Date.UTC(2026, 0, 5);
    const statuses = ['New', 'InProgress', 'Ignored'];
    for (let i = 0; i < 30; i++) {
      const res = await soc.analyst.post('/api/v1/alert', {
        type: 't',
        source: 's',
        sourceRef: `r${i}`,
        title: `a${i}`,
        description: 'd',
        severity: (i % 4) + 1,
        date: base + (i % 9) * day + i * 1000,
        status: statuses[i % 3],
      });
      expect(res.status).toBe(201);
    }
  });

  const body = (sub: Record<string, unknown>) => ({
    stats: [
      {
        _agg: 'time',
        _fields: ['date'],
        _interval: '1d',
        _select: [
          {
            _agg: 'field',
            _field: 'severity',
            _select: [{ _agg: 'count' }],
            _order: ['-_count'],
            _size: 2,
            ...sub,
          },
          { _agg: 'count' },
        ],
      },
    ],
  });

  it('matches the general path for counts and a field breakdown', async () => {
    const fast = await soc.analyst.post('/api/alert/_stats', body({}));
    const general = await soc.analyst.post(
      '/api/alert/_stats',
      body({ _query: { _gte: { _field: 'severity', _value: 0 } } }),
    );
    expect(fast.status).toBe(200);
    expect(general.status).toBe(200);
    expect(Object.keys(fast.body)).toHaveLength(9);
    expect(fast.body).toEqual(general.body);
  });

  it('matches the general path for metrics', async () => {
    const stats = (q?: unknown) => ({
      stats: [
        {
          _agg: 'time',
          _fields: ['date'],
          _interval: '1w',
          _select: [
            { _agg: 'avg', _field: 'severity', ...(q ? { _query: q } : {}) },
            { _agg: 'max', _field: 'severity' },
            { _agg: 'count' },
          ],
        },
      ],
    });
    const fast = await soc.analyst.post('/api/alert/_stats', stats());
    const general = await soc.analyst.post(
      '/api/alert/_stats',
      stats({ _gte: { _field: 'severity', _value: 0 } }),
    );
    expect(fast.body).toEqual(general.body);
    expect(Object.keys(fast.body).length).toBeGreaterThan(1);
  });
});
