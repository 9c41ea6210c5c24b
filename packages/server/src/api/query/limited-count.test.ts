/**
 * `query.limitedCountThreshold`: the total of a v1 page (X-Total) and `limitedCount` stop counting at
 * the threshold, as TheHive's; `count` is exact; 0 makes totals exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

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

async function withAlerts(threshold: number): Promise<{ server: TestServer; soc: OrgFixture }> {
  const server = await startTestServer({ query: { limitedCountThreshold: threshold } });
  const soc = await createOrganisation(server, 'limited-soc');
  for (let i = 0; i < 7; i++) {
    const res = await soc.analyst.post('/api/v1/alert', {
      type: 'siem',
      source: 'limited',
      sourceRef: `l-${i}`,
      title: `Limited ${i}`,
      description: 'd',
    });
    expect(res.status).toBe(201);
  }
  return { server, soc };
}

describe('limited totals', () => {
  let capped: { server: TestServer; soc: OrgFixture };
  let exact: { server: TestServer; soc: OrgFixture };
  beforeAll(async () => {
    capped = await withAlerts(3);
    exact = await withAlerts(0);
  });
  afterAll(async () => {
    await capped?.server.close();
    await exact?.server.close();
  });

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
