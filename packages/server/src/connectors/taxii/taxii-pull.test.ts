/**
 * Pulls of a remote TAXII 2.1 collection, against Propolis's own TAXII server on a second real
 * server over HTTP: the source's IOC collection is pulled page by page (`limit`, `next`, `more`)
 * with a bearer token, each page becoming an alert of the receiving organisation; the
 * `added_after` cursor is stored and a second pull brings only what was added since; HTTP Basic
 * and pulls into cases work; an unreachable remote and refused credentials are 502s naming the
 * remote, recorded in the status, which never shows the credentials. A node running feeders pulls
 * by itself every `intervalSeconds`, getting over a failed pull at the next one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';
import { eventually } from '../../test-support/shared-database.js';

const TAXII = 'application/taxii+json;version=2.1';
let source: TestServer;
let receiver: TestServer;
let producer: OrgFixture;
let intake: OrgFixture;
let caseId: string;

beforeAll(async () => {
  source = await startTestServer();
  producer = await createOrganisation(source, 'taxiisource');
  const collections = await producer.analyst.get('/taxii2/api/collections/', { headers: { accept: TAXII } });
  const iocs = collections.body.collections.find((c: any) => c.alias === 'iocs');
  const kase = await createCase(producer.analyst, { title: 'Source case', tlp: 1 });
  caseId = kase._id;
  await addObservable(producer.analyst, caseId, { dataType: 'ip', data: '198.51.100.31', ioc: true });
  await addObservable(producer.analyst, caseId, { dataType: 'domain', data: 'pull-one.example', ioc: true });
  await addObservable(producer.analyst, caseId, { dataType: 'hash', data: 'b'.repeat(64), ioc: true });
  await addObservable(producer.analyst, caseId, {
    dataType: 'domain',
    data: 'not-an-ioc.example',
    ioc: false,
  });
  const root = `${source.url}/taxii2/api/`;
  const remote = { url: root, collection: iocs.id, organisation: 'taxiiintake' };
  receiver = await startTestServer({
    feederRunner: { enabled: false },
    taxii: {
      remotes: [
        { ...remote, name: 'peer', auth: { token: producer.analyst.auth.key }, pageSize: 2 },
        {
          ...remote,
          name: 'peer-basic',
          as: 'case',
          auth: { username: producer.logins.analyst, password: 'password-1234' },
        },
        { ...remote, name: 'peer-wrong', auth: { token: 'not-the-right-token-123' } },
        { ...remote, name: 'down', url: 'http://127.0.0.1:1/taxii2/api/' },
      ],
    },
  } as any);
  intake = await createOrganisation(receiver, 'taxiiintake');
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await source?.close();
});

const alertsOfPeer = async () => {
  const res = await intake.analyst.post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'source', _value: 'peer' },
      { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const observablesOf = async (alerts: any[]) => {
  const all: string[] = [];
  for (const a of alerts) {
    const res = await intake.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: a._id }, { _name: 'observables' }],
    });
    all.push(...res.body.map((o: any) => `${o.dataType}:${o.data}:${o.ioc}`));
  }
  return all.sort();
};

describe('TAXII 2.1 pulls of a remote collection', () => {
  it('pulls the pages of the remote into alerts and then only what was added since', async () => {
    const first = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=peer');
    expect(first.status, first.text).toBe(200);
    const [result] = first.body.results;
    expect(result).toMatchObject({ remote: 'peer', pages: 2, objects: 3, created: 2, duplicates: 0 });
    expect(result.cursor).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const alerts = await alertsOfPeer();
    expect(alerts.map((a: any) => [a.type, a.source, a.tlp])).toEqual([
      ['taxii', 'peer', 1],
      ['taxii', 'peer', 1],
    ]);
    expect(await observablesOf(alerts)).toEqual([
      `domain:pull-one.example:true`,
      `hash:${'b'.repeat(64)}:true`,
      'ip:198.51.100.31:true',
    ]);

    // nothing new: one empty page, no alert, the cursor unchanged
    const again = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=peer');
    expect(again.body.results[0]).toMatchObject({ objects: 0, created: 0, cursor: result.cursor });

    // one more IOC at the source: only it is pulled, after the stored cursor
    await new Promise((r) => setTimeout(r, 5));
    await addObservable(producer.analyst, caseId, {
      dataType: 'url',
      data: 'http://pull-two.example/x',
      ioc: true,
    });
    const third = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=peer');
    expect(third.body.results[0]).toMatchObject({ pages: 1, objects: 1, created: 1 });
    expect(third.body.results[0].cursor > result.cursor).toBe(true);
    const alertsNow = await alertsOfPeer();
    expect(alertsNow).toHaveLength(3);
    expect(await observablesOf([alertsNow[2]])).toEqual(['url:http://pull-two.example/x:true']);

    const status = await receiver.admin.get('/api/v1/connector/taxii/status');
    expect(status.status, status.text).toBe(200);
    const peer = status.body.remotes.find((r: any) => r.name === 'peer');
    expect(peer).toMatchObject({
      cursor: third.body.results[0].cursor,
      importedCount: 3,
      objectsCount: 4,
      lastError: null,
      organisation: 'taxiiintake',
    });
    expect(status.text).not.toContain(producer.analyst.auth.key!);
    expect(status.text).not.toContain('password-1234');
  });

  it('pulls with HTTP Basic into a case', async () => {
    const res = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=peer-basic');
    expect(res.status, res.text).toBe(200);
    expect(res.body.results[0]).toMatchObject({ pages: 1, objects: 4, created: 1 });
    const cases = await intake.analyst.post('/api/v1/query', { query: [{ _name: 'listCase' }] });
    expect(cases.body).toHaveLength(1);
    const observables = await intake.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: cases.body[0]._id }, { _name: 'observables' }],
    });
    expect(observables.body.filter((o: any) => o.ioc)).toHaveLength(4);
  });

  it('names an unreachable remote and refused credentials, records them, and keeps the routes to administrators', async () => {
    const down = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=down');
    expect(down.status).toBe(502);
    expect(down.body.message).toMatch(/^TAXII remote down is unreachable/);
    const wrong = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=peer-wrong');
    expect(wrong.status).toBe(502);
    expect(wrong.body.message).toMatch(/TAXII remote peer-wrong refused the credentials \(HTTP 401\)/);
    expect(wrong.text).not.toContain('not-the-right-token-123');
    const status = await receiver.admin.get('/api/v1/connector/taxii/status');
    const byName = Object.fromEntries(status.body.remotes.map((r: any) => [r.name, r]));
    expect(byName.down.lastError).toMatch(/unreachable/);
    expect(byName['peer-wrong'].lastError).toMatch(/refused the credentials/);
    expect(byName['peer-wrong'].cursor).toBeNull();
    expect(status.text).not.toContain('not-the-right-token-123');

    const unknown = await receiver.admin.post('/api/v1/connector/taxii/_pull?remote=nope');
    expect(unknown.status).toBe(404);
    expect((await intake.analyst.post('/api/v1/connector/taxii/_pull')).status).toBe(403);
    expect((await intake.analyst.get('/api/v1/connector/taxii/status')).status).toBe(403);
  });
});

describe('periodic TAXII pulls', () => {
  it('pulls every intervalSeconds on a node running feeders, and gets over a failed pull', async () => {
    const collections = await producer.analyst.get('/taxii2/api/collections/', {
      headers: { accept: TAXII },
    });
    const iocs = collections.body.collections.find((c: any) => c.alias === 'iocs');
    const periodic = await startTestServer({
      taxii: {
        remotes: [
          {
            name: 'every-second',
            url: `${source.url}/taxii2/api/`,
            collection: iocs.id,
            organisation: 'taxiilater',
            auth: { token: producer.analyst.auth.key },
            intervalSeconds: 1,
          },
        ],
      },
    } as any);
    try {
      // the first pull, at start, finds no organisation to store in: recorded, retried a second later
      const failed = await eventually(async () => {
        const status = await periodic.admin.get('/api/v1/connector/taxii/status');
        return status.body.remotes[0].lastError ?? undefined;
      });
      expect(failed).toMatch(/the organisation taxiilater does not exist/);
      const later = await createOrganisation(periodic, 'taxiilater');
      const pulled = await eventually(async () => {
        const status = await periodic.admin.get('/api/v1/connector/taxii/status');
        const remote = status.body.remotes[0];
        return remote.importedCount > 0 && remote.lastError === null ? remote : undefined;
      });
      expect(pulled.cursor).toMatch(/^\d{4}-/);
      const alerts = await later.analyst.post('/api/v1/query', {
        query: [{ _name: 'listAlert' }, { _name: 'filter', _field: 'source', _value: 'every-second' }],
      });
      expect(alerts.body.length).toBeGreaterThan(0);
    } finally {
      await periodic.close();
    }
  }, 60_000);
});
