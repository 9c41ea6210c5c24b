/**
 * `query.limitedCountThreshold`: the total of a v1 page (X-Total) and `limitedCount` stop counting at
 * the threshold, as TheHive's; `count` is exact; 0 makes totals exact.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase, postAlert } from '../../test-support/factories.js';
import { createOrganisation, useOrganisation } from '../../test-support/identity.js';
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

const capped = useServerWithAlerts(3);
const exact = useServerWithAlerts(0);

describe('limited totals', () => {
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

/**
 * Totals filtered on a tag (on SQLite counted from the tag's rows when it has few of them:
 * query/narrow-tag.ts) answer what the rows themselves say, capped or not, alone or with other
 * conditions, and count a case shared by another organisation, whose tags are the owner's.
 */
describe('totals filtered on a tag', () => {
  const list = (filter: Record<string, unknown>, entity = 'Alert') => ({
    query: [
      { _name: `list${entity}` },
      { _name: 'filter', ...filter },
      { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
      { _name: 'page', from: 0, to: 100, extraData: ['total'] },
    ],
  });
  const tag = (value: string) => ({ _eq: { _field: 'tags', _value: value } });
  const source = (value: string) => ({ _eq: { _field: 'source', _value: value } });
  const filters: Array<[string, Record<string, unknown>, number]> = [
    ['a tag', tag('nt-a'), 5],
    ['a tag and a source', { _and: [source('nt-one'), tag('nt-a')] }, 3],
    ['two tags', { _and: [tag('nt-a'), tag('nt-b')] }, 2],
    ['a tag and not another', { _and: [tag('nt-a'), { _not: tag('nt-b') }] }, 3],
    ['a tag no alert has', { _and: [source('nt-one'), tag('nt-none')] }, 0],
  ];
  beforeAll(async () => {
    for (const soc of [capped.soc, exact.soc]) {
      for (const [src, tags] of [
        ['nt-one', ['nt-a']],
        ['nt-one', ['nt-a', 'nt-b']],
        ['nt-one', ['nt-a', 'nt-b']],
        ['nt-one', ['nt-c']],
        ['nt-two', ['nt-a']],
        ['nt-two', ['nt-a', 'NT-A']],
        ['nt-two', []],
      ] as const)
        await postAlert(soc.analyst, { source: src, tags });
    }
  });

  it.each(filters)('%s: the exact total is the number of rows', async (_, filter, expected) => {
    const res = await exact.soc.analyst.post('/api/v1/query', list(filter));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toHaveLength(expected);
    expect(res.headers.get('x-total')).toBe(String(expected));
    const count = { query: [{ _name: 'listAlert' }, { _name: 'filter', ...filter }, { _name: 'count' }] };
    expect((await exact.soc.analyst.post('/api/v1/query', count)).body).toBe(expected);
  });

  it.each(filters)('%s: the limited total stops at the threshold', async (_, filter, expected) => {
    const res = await capped.soc.analyst.post('/api/v1/query', list(filter));
    expect(res.body).toHaveLength(expected);
    expect(res.headers.get('x-total')).toBe(String(Math.min(expected, 3)));
  });

  it("counts a case shared with the organisation by its tag (the owner's tag rows)", async () => {
    const { server, soc } = exact;
    const partner = await createOrganisation(server, 'nt-partner');
    expect((await server.admin.put('/api/v1/organisation/limited-soc/link/nt-partner', {})).status).toBe(204);
    const shared = await createCase(soc.analyst, { tags: ['nt-shared'] });
    await createCase(soc.analyst, { tags: ['nt-shared'] });
    const res = await soc.analyst.post(`/api/v1/case/${shared._id}/shares`, {
      shares: [{ organisation: 'nt-partner', profile: 'read-only' }],
    });
    expect(res.status, res.text).toBeLessThan(300);
    await createCase(partner.analyst, { tags: ['nt-shared'] });
    const seen = await partner.analyst.post('/api/v1/query', list(tag('nt-shared'), 'Case'));
    expect(seen.body).toHaveLength(2);
    expect(seen.headers.get('x-total')).toBe('2');
    const own = await soc.analyst.post('/api/v1/query', list(tag('nt-shared'), 'Case'));
    expect(own.headers.get('x-total')).toBe('2');
  });
});
