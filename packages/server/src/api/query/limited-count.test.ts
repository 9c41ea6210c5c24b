/**
 * `query.limitedCountThreshold`: the total of a v1 page (X-Total) and `limitedCount` stop counting at
 * the threshold, as TheHive's; `count` is exact; 0 makes totals exact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const page = (to: number) => ({
  query: [
    { _name: 'listAlert' },
    { _name: 'filter', _eq: { _field: 'source', _value: 'limited' } },
    { _name: 'sort', _fields: [{ date: 'desc' }] },
    { _name: 'page', from: 0, to, extraData: ['total'] },
  ],
});
const counter = (name: string) => ({
  query: [
    { _name: 'listAlert' },
    { _name: 'filter', _eq: { _field: 'source', _value: 'limited' } },
    { _name: name },
  ],
});

/** A server with this threshold and an organisation holding seven alerts from `limited`. */
function useServerWithAlerts(threshold: number) {
  const server = useTestServer({ query: { limitedCountThreshold: threshold } });
  const soc = useOrganisation(server, 'limited-soc');
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) await postAlert(soc.analyst, { source: 'limited' });
  });
  return { server, soc };
}

describe('limited totals', () => {
  const capped = useServerWithAlerts(3);
  const exact = useServerWithAlerts(0);

  it('caps the page total and limitedCount at the threshold, never count', async () => {
    const res = await capped.soc.analyst.post('/api/v1/query', page(2));
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.headers.get('x-total')).toBe('3');
    expect((await capped.soc.analyst.post('/api/v1/query', counter('limitedCount'))).body).toBe(3);
    expect((await capped.soc.analyst.post('/api/v1/query', counter('count'))).body).toBe(7);
  });

  it('counts everything with threshold 0', async () => {
    const res = await exact.soc.analyst.post('/api/v1/query', page(2));
    expect(res.headers.get('x-total')).toBe('7');
    expect((await exact.soc.analyst.post('/api/v1/query', counter('limitedCount'))).body).toBe(7);
  });
});
