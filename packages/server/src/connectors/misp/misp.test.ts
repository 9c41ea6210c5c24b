/**
 * The MISP connector end to end against a fake MISP on 127.0.0.1 (test-support/fake-misp.ts):
 * events become alerts (types mapped, to_ids → IOC, tags and TLP kept, filters applied), a re-sync
 * updates instead of duplicating, a restart resumes from the stored cursor without re-importing,
 * a case is exported to a MISP event and then updates it, and errors (unknown server, MISP down,
 * another organisation's case, no permission) are clear 4xx/502 answers. Never the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../test-support/factories.js';
import { type FakeMisp, startFakeMisp } from '../../test-support/fake-misp.js';
import { freePort } from '../../test-support/free-port.js';
import { HttpClient } from '../../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import type { TestServer } from '../../test-support/server.js';
import {
  eventually,
  type Node,
  type SharedDatabase,
  sharedDatabase,
} from '../../test-support/shared-database.js';

const KEY = 'misp-secret-key-0123456789';
let db: SharedDatabase;
let misp: FakeMisp;
let node: Node;
let soc: OrgFixture;
let other: OrgFixture;
let downPort: number;

const overrides = (periodic: boolean): any => ({
  feederRunner: { enabled: periodic, reconcileSeconds: 0.2, leaseSeconds: 3 },
  misp: {
    intervalSeconds: 0.3,
    timeoutSeconds: 2,
    pageSize: 2,
    servers: [
      {
        name: 'circl',
        url: misp.url,
        key: KEY,
        purpose: 'ImportAndExport',
        organisations: ['soc'],
        caseTemplate: 'misp-template',
        exclusion: { tags: ['internal:skip'], organisations: ['Noisy Org'] },
        exportTags: ['source:propolis'],
      },
      { name: 'down', url: `http://127.0.0.1:${downPort}`, key: KEY, purpose: 'ExportOnly' },
    ],
  },
});

/** The same caller on the node running now (a restart changes its port). */
const on = (client: HttpClient) => new HttpClient(node.url, client.auth);

async function mispAlerts(client: HttpClient): Promise<any[]> {
  const res = await client.post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'type', _value: 'misp' },
      { _name: 'sort', _fields: [{ sourceRef: 'asc' }] },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function observablesOf(client: HttpClient, alertId: string): Promise<any[]> {
  const res = await client.post('/api/v1/query', {
    query: [
      { _name: 'getAlert', idOrName: alertId },
      { _name: 'observables' },
      { _name: 'sort', _fields: [{ data: 'asc' }] },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  misp = await startFakeMisp(KEY);
  downPort = await freePort();
  misp.seed({
    info: 'Emotet wave',
    threat_level_id: '1',
    Tag: [{ name: 'tlp:amber' }, { name: 'malware:emotet' }],
    Attribute: [
      { type: 'ip-dst', value: '198.51.100.7', to_ids: true, Tag: [{ name: 'c2' }] },
      { type: 'domain', value: 'emotet.example', to_ids: false, comment: 'seen in DNS' },
      { type: 'filename|sha256', value: `invoice.doc|${'a'.repeat(64)}`, to_ids: true },
      { type: 'email-subject', value: 'Your invoice' },
      { type: 'btc', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' },
      { type: 'ip-src', value: '192.0.2.66', deleted: true },
    ],
  });
  misp.seed({
    info: 'Phishing kit',
    Orgc: { name: 'CERT-EU', uuid: 'c0ffee00-0000-4000-8000-000000000001' },
    Tag: [{ name: 'tlp:green' }],
    Object: [
      { name: 'url', Attribute: [{ type: 'url', value: 'https://phish.example/login', to_ids: true }] },
    ],
  });
  misp.seed({ info: 'Internal test', Tag: [{ name: 'internal:skip' }] });
  misp.seed({ info: 'Noise', Orgc: { name: 'Noisy Org', uuid: 'c0ffee00-0000-4000-8000-000000000002' } });
  db = await sharedDatabase();
  node = await db.start(overrides(false));
  soc = await createOrganisation(node as unknown as TestServer, 'soc');
  other = await createOrganisation(node as unknown as TestServer, 'other');
}, 60_000);

afterAll(async () => {
  await node?.close();
  await db?.drop();
  await misp?.stop();
});

describe('MISP import', () => {
  it('turns the events into alerts of the configured organisation, with mapped observables', async () => {
    const sync = await node.admin.get('/api/v1/connector/misp/_syncAlerts');
    expect(sync.status, sync.text).toBe(200);
    expect(sync.text).toBe('');
    expect(misp.requests.every((r) => r.authorised)).toBe(true);

    const alerts = await mispAlerts(on(soc.analyst));
    expect(alerts.map((a) => [a.source, a.sourceRef, a.title])).toEqual([
      ['CIRCL', '1', '#1 Emotet wave'],
      ['CERT-EU', '2', '#2 Phishing kit'],
    ]);
    const [emotet, phishing] = alerts;
    expect(emotet).toMatchObject({ type: 'misp', severity: 3, tlp: 2, caseTemplate: 'misp-template' });
    expect(emotet.tags.sort()).toEqual(['malware:emotet', 'tlp:amber']);
    expect(emotet.externalLink).toBe(`${misp.url}/events/view/1`);
    expect(phishing.tlp).toBe(1);

    const observables = await observablesOf(on(soc.analyst), emotet._id);
    const byData = (list: any[]) => [...list].sort((a, b) => (a[1] < b[1] ? -1 : 1));
    expect(byData(observables.map((o) => [o.dataType, o.data, o.ioc]))).toEqual(
      byData([
        ['other', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', false],
        ['ip', '198.51.100.7', true],
        ['mail-subject', 'Your invoice', false],
        ['hash', 'a'.repeat(64), true],
        ['domain', 'emotet.example', false],
        ['filename', 'invoice.doc', true],
      ]),
    );
    expect(observables.find((o) => o.dataType === 'ip').tags).toEqual(['c2']);
    expect(observables.find((o) => o.dataType === 'domain').message).toBe('seen in DNS');
    expect(observables.find((o) => o.dataType === 'other').message).toContain('MISP type btc');
    const url = await observablesOf(on(soc.analyst), phishing._id);
    expect(url.map((o) => [o.dataType, o.data, o.ioc, o.message])).toEqual([
      ['url', 'https://phish.example/login', true, 'object url'],
    ]);

    // organisation isolation: the other organisation sees none of them
    expect(await mispAlerts(on(other.analyst))).toEqual([]);
    expect((await on(other.analyst).get(`/api/v1/alert/${emotet._id}`)).status).toBe(404);
  });

  it('updates the alert of a modified event instead of duplicating it, and leaves the others alone', async () => {
    // the analyst has read both alerts: an update from MISP marks one unread, a replay changes nothing
    for (const a of await mispAlerts(on(soc.analyst)))
      expect((await on(soc.analyst).post(`/api/v1/alert/${a._id}/read`)).status).toBe(200);
    const before = await mispAlerts(on(soc.analyst));
    expect(before.map((a) => a.read)).toEqual([true, true]);
    const again = await node.admin.get('/api/v1/connector/misp/_syncAlerts');
    expect(again.status).toBe(200);
    const unchanged = await mispAlerts(on(soc.analyst));
    expect(unchanged).toEqual(before);
    // the second pull asked from the cursor (the newest event's timestamp), not from the start
    const searches = misp.requests.filter((r) => r.path === '/events/restSearch');
    expect(searches.at(-1)!.body.timestamp).toBe(
      Math.max(...[...misp.events.values()].map((e) => Number(e.timestamp))),
    );

    misp.touch('1', (e) => {
      e.info = 'Emotet wave (updated)';
      e.Attribute.push({ type: 'url', value: 'http://emotet.example/payload', to_ids: true });
    });
    expect((await node.admin.get('/api/v1/connector/misp/_syncAlerts')).status).toBe(200);
    const after = await mispAlerts(on(soc.analyst));
    expect(after).toHaveLength(2);
    expect(after[0]._id).toBe(before[0]._id);
    expect(after[0].title).toBe('#1 Emotet wave (updated)');
    expect(after[0].read).toBe(false);
    expect(after[1]).toEqual(before[1]);
    expect(after[1]._updatedAt ?? null).toBe(before[1]._updatedAt ?? null);
    const observables = await observablesOf(on(soc.analyst), after[0]._id);
    expect(observables.map((o) => o.data)).toContain('http://emotet.example/payload');
    expect(observables).toHaveLength(7);
  });

  it('resumes from the stored cursor after a restart: nothing re-imported, new events pulled periodically', async () => {
    const before = await mispAlerts(on(soc.analyst));
    await node.close();
    const cursor = Math.max(...[...misp.events.values()].map((e) => Number(e.timestamp)));
    misp.seed({ info: 'Ransomware note', Attribute: [{ type: 'md5', value: 'b'.repeat(32), to_ids: true }] });
    const seen = misp.requests.length;
    node = await db.start(overrides(true));
    const alerts = await eventually(async () => {
      const list = await mispAlerts(on(soc.analyst));
      return list.length === 3 ? list : undefined;
    });
    const firstSearch = misp.requests.slice(seen).find((r) => r.path === '/events/restSearch');
    expect(firstSearch?.body.timestamp).toBe(cursor);
    expect(alerts.slice(0, 2)).toEqual(before);
    expect(alerts[2]).toMatchObject({ sourceRef: '5', title: '#5 Ransomware note' });
    // several periodic pulls later, still three
    await eventually(async () =>
      misp.requests.slice(seen).filter((r) => r.path === '/events/restSearch').length >= 3 ? true : undefined,
    );
    expect(await mispAlerts(on(soc.analyst))).toHaveLength(3);
  });
});

describe('MISP export', () => {
  it('creates a MISP event from the case IOCs, then updates that event', async () => {
    const kase = await createCase(on(soc.analyst), {
      title: 'Exported case',
      tags: ['apt'],
      tlp: 3,
      severity: 3,
    });
    await addObservable(on(soc.analyst), kase._id, { dataType: 'ip', data: '203.0.113.9', ioc: true });
    await addObservable(on(soc.analyst), kase._id, {
      dataType: 'domain',
      data: 'not-an-ioc.example',
      ioc: false,
    });
    await addObservable(on(soc.analyst), kase._id, { dataType: 'hash', data: 'c'.repeat(40), ioc: true });
    const count = misp.events.size;

    const res = await on(soc.analyst).post(`/api/v1/connector/misp/export/${kase._id}/circl`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((a: any) => [a.type, a.value, a.to_ids])).toEqual([
      ['ip-dst', '203.0.113.9', true],
      ['sha1', 'c'.repeat(40), true],
    ]);
    expect(misp.events.size).toBe(count + 1);
    const event = [...misp.events.values()].at(-1)!;
    expect(event.info).toBe(`#${kase.number} Exported case`);
    expect(event.threat_level_id).toBe('1');
    expect(event.Tag.map((t) => t.name).sort()).toEqual(['source:propolis', 'tlp:amber+strict']);
    expect(event.Attribute.map((a) => a.value)).toEqual(['203.0.113.9', 'c'.repeat(40)]);
    const tagged = await on(soc.analyst).get(`/api/v1/case/${kase._id}`);
    expect(tagged.body.tags.sort()).toEqual(['apt', 'misp:circl']);

    // a new IOC, exported again through the v0 route: the same event gains it
    await addObservable(on(soc.analyst), kase._id, {
      dataType: 'url',
      data: 'https://exfil.example/',
      ioc: true,
    });
    const again = await on(soc.analyst).post(`/api/connector/misp/export/${kase._id}/circl`);
    expect(again.status, again.text).toBe(200);
    expect(again.body.map((a: any) => a.value)).toEqual(['https://exfil.example/']);
    expect(misp.events.size).toBe(count + 1);
    expect(event.Attribute.map((a) => a.value)).toEqual([
      '203.0.113.9',
      'c'.repeat(40),
      'https://exfil.example/',
    ]);
    const edits = misp.requests.filter((r) => r.path === `/events/edit/${event.id}`);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.body.Event.Attribute).toBeUndefined();
  });

  it('answers clear errors: unknown server, MISP down, a case of another organisation, no permission', async () => {
    const kase = await createCase(on(soc.analyst), { title: 'Errors' });
    const unknown = await on(soc.analyst).post(`/api/v1/connector/misp/export/${kase._id}/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ type: 'NotFoundError', message: 'MISP server nope not found' });

    const down = await on(soc.analyst).post(`/api/v1/connector/misp/export/${kase._id}/down`);
    expect(down.status).toBe(502);
    expect(down.body.type).toBe('BadGateway');
    expect(down.body.message).toMatch(/^MISP server down is unreachable/);
    expect(down.text).not.toContain(KEY);
    const untagged = await on(soc.analyst).get(`/api/v1/case/${kase._id}`);
    expect(untagged.body.tags).toEqual([]);

    const foreign = await on(other.analyst).post(`/api/v1/connector/misp/export/${kase._id}/circl`);
    expect(foreign.status).toBe(404);
    expect((await on(soc.readOnly).post(`/api/v1/connector/misp/export/${kase._id}/circl`)).status).toBe(403);
    expect((await on(soc.analyst).get('/api/v1/connector/misp/_syncAlerts')).status).toBe(403);

    const status = await on(soc.analyst).get('/api/connector/misp/status');
    expect(status.status).toBe(200);
    expect(status.body.enabled).toBe(true);
    expect(status.body.status).toEqual({ circl: 'OK', down: 'ERROR' });
    expect(status.body.servers[0]).toMatchObject({
      name: 'circl',
      version: '2.4.190',
      purpose: 'ImportAndExport',
    });
    expect(status.text).not.toContain(KEY);

    await misp.stop();
    try {
      const sync = await node.admin.get('/api/v1/connector/misp/_syncAlerts');
      expect(sync.status).toBe(502);
      expect(sync.body).toMatchObject({ type: 'BadGateway' });
      expect(sync.body.message).toContain('MISP server circl is unreachable');
      const status2 = await node.admin.get('/api/v1/connector/misp/status');
      expect(status2.body.status.circl).toBe('ERROR');
    } finally {
      await misp.restart();
    }
  });
});
