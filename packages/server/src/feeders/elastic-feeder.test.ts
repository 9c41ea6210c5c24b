/**
 * The Elasticsearch/OpenSearch feeder against a fake cluster built from Elastic's public search API
 * (POST /{index}/_search with a bool query, a range filter, a sort and a size; ApiKey auth), which
 * cannot run here: ECS documents become alerts once each, in time order, including documents that
 * share a timestamp across batches and documents indexed later; the API key is never shown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const API_KEY = 'ZmFrZS1rZXk6c2VjcmV0';
const server = useTestServer({ feederRunner: { reconcileSeconds: 0.2 } });
let org: OrgFixture;
let cluster: Server;
let url: string;
const docs: Array<{ _id: string; _index: string; _source: Record<string, unknown> }> = [];
const searches: Array<Record<string, any>> = [];

const doc = (id: string, time: string, extra: Record<string, unknown> = {}) =>
  docs.push({
    _id: id,
    _index: 'alerts-2026.12',
    _source: { '@timestamp': time, event: { kind: 'alert', severity: 60 }, ...extra },
  });

function fakeSearch(body: Record<string, any>) {
  const must = body.query?.bool?.must ?? [];
  const range = body.query?.bool?.filter?.[0]?.range?.['@timestamp']?.gte as string | undefined;
  return docs
    .filter((d) => (range ? (d._source['@timestamp'] as string) >= range : true))
    .filter((d) =>
      must.every((q: any) => {
        if (q.match_all) return true;
        const [[field, value]] = Object.entries(q.term ?? {}) as [[string, unknown]];
        return (d._source as any)[field.split('.')[0]!]?.[field.split('.')[1]!] === value;
      }),
    )
    .sort((a, b) => String(a._source['@timestamp']).localeCompare(String(b._source['@timestamp'])))
    .slice(0, body.size);
}

beforeAll(async () => {
  org = await createOrganisation(server, 'siem');
  cluster = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `ApiKey ${API_KEY}`) {
        res.statusCode = 401;
        return res.end('{"error":"security_exception"}');
      }
      if (req.method !== 'POST' || req.url !== '/alerts-*/_search') {
        res.statusCode = 404;
        return res.end('{"error":"index_not_found_exception"}');
      }
      const body = JSON.parse(text);
      searches.push(body);
      const hits = fakeSearch(body);
      res.end(JSON.stringify({ took: 1, hits: { total: { value: hits.length, relation: 'eq' }, hits } }));
    });
  });
  await new Promise<void>((r) => cluster.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(cluster.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => cluster.close(r)));

async function alerts() {
  const res = await org.analyst.post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'source', _value: 'kibana' },
      { _name: 'sort', _fields: [{ sourceRef: 'asc' }] },
    ],
  });
  return res.body as Array<Record<string, any>>;
}

async function until(count: number) {
  const end = Date.now() + 15_000;
  for (;;) {
    const found = await alerts();
    if (found.length >= count || Date.now() > end) return found;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('Elasticsearch feeder', () => {
  it('reads alerts of the query in time order, once each, and those indexed later', async () => {
    doc('a1', '2026-12-05T10:00:00.000Z', {
      rule: { name: 'Brute force on SSH' },
      source: { ip: '203.0.113.5' },
      host: { name: 'bastion-1' },
      user: { name: 'root' },
    });
    doc('a2', '2026-12-05T10:00:01.000Z', { rule: { name: 'Beacon' }, 'destination.ip': '198.51.100.7' });
    doc('a3', '2026-12-05T10:00:01.000Z', { rule: { name: 'Beacon' }, 'destination.ip': '198.51.100.8' });
    doc('a4', '2026-12-05T10:00:01.000Z', { rule: { name: 'Beacon' }, 'destination.ip': '198.51.100.9' });
    docs.push({
      _id: 'n1',
      _index: 'alerts-2026.12',
      _source: { '@timestamp': '2026-12-05T10:00:02.000Z', event: { kind: 'metric' } },
    });
    const created = await server.admin.post('/api/v1/feeder', {
      name: 'kibana',
      kind: 'elastic',
      organisation: 'siem',
      url,
      index: 'alerts-*',
      query: { term: { 'event.kind': 'alert' } },
      apiKey: API_KEY,
      pollSeconds: 1,
      batchSize: 2,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(API_KEY);
    expect(created.body.definition.apiKey).toBe('<set>');
    let found = await until(4);
    expect(found.map((a) => a.sourceRef)).toEqual(['a1', 'a2', 'a3', 'a4']);
    const first = found[0]!;
    expect(first).toMatchObject({ type: 'elastic', title: 'Brute force on SSH', severity: 3 });
    const observables = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: first._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => `${o.dataType}:${o.data}`).sort()).toEqual([
      'hostname:bastion-1',
      'ip:203.0.113.5',
      'other:root',
    ]);
    doc('a5', '2026-12-05T10:00:03.000Z', { rule: { name: 'Late' } });
    found = await until(5);
    expect(found.map((a) => a.sourceRef)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    await new Promise((r) => setTimeout(r, 1500));
    const status = (await server.admin.get('/api/v1/feeder/kibana')).body.status;
    expect(status).toMatchObject({ created: 5, failed: 0 });
    expect(searches.at(-1)!.query.bool.filter[0].range['@timestamp'].gte).toBe('2026-12-05T10:00:03.000Z');
  });

  it('records the cluster refusing it as the feeder error', async () => {
    const created = await server.admin.post('/api/v1/feeder', {
      name: 'wrong-key',
      kind: 'elastic',
      organisation: 'siem',
      url,
      index: 'alerts-*',
      apiKey: 'bad',
      pollSeconds: 1,
    });
    expect(created.status).toBe(201);
    const end = Date.now() + 15_000;
    let status: any;
    do {
      await new Promise((r) => setTimeout(r, 200));
      status = (await server.admin.get('/api/v1/feeder/wrong-key')).body.status;
    } while (status.health !== 'Error' && Date.now() < end);
    expect(status.health).toBe('Error');
    expect(status.lastError).toContain('answered 401');
  });
});
