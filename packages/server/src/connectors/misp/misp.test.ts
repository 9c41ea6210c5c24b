/**
 * The MISP connector end to end against a fake MISP on 127.0.0.1 (test-support/fake-misp.ts):
 * events become alerts (types mapped, to_ids → IOC, tags and TLP kept, filters applied), a re-sync
 * updates instead of duplicating, a restart resumes from the stored cursor without re-importing,
 * a case is exported to a MISP event and then updates it, and errors (unknown server, MISP down,
 * another organisation's case, no permission) are clear 4xx/502 answers. Never the key.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../test-support/factories.js';
import { type FakeMisp, startFakeMisp } from '../../test-support/fake-misp.js';
import { freePort } from '../../test-support/free-port.js';
import { HttpClient } from '../../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
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

/** A malware sample as MISP stores it: a zip made by Debian's `zip -P infected`, with the sample named by its MD5 and its original name beside it. */
function mispSampleZip(name: string, content: string): { zip: Buffer; md5: string } {
  const md5 = createHash('md5').update(content).digest('hex');
  const dir = mkdtempSync(path.join(tmpdir(), 'misp-sample-'));
  try {
    writeFileSync(path.join(dir, md5), content);
    writeFileSync(path.join(dir, `${md5}.filename.txt`), name);
    execFileSync('zip', ['-q', '-P', 'infected', 'sample.zip', md5, `${md5}.filename.txt`], { cwd: dir });
    return { zip: readFileSync(path.join(dir, 'sample.zip')), md5 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function caseObservables(client: HttpClient, caseId: string): Promise<any[]> {
  const res = await client.post('/api/v1/query', {
    query: [{ _name: 'getCase', idOrName: caseId }, { _name: 'observables' }],
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('MISP samples, case import and file export', () => {
  const dropper = 'MZ fake dropper bytes\n';

  it('unpacks a pulled malware sample with the password "infected", under its original name', async () => {
    const { zip, md5 } = mispSampleZip('dropper.exe', dropper);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    // the zip really is encrypted: it is not readable without the password
    expect(zip.readUInt16LE(6) & 1).toBe(1);
    misp.seed({
      info: 'Dropper campaign',
      Attribute: [
        { type: 'malware-sample', value: `dropper.exe|${md5}`, to_ids: true, data: zip.toString('base64') },
      ],
    });
    expect((await node.admin.get('/api/v1/connector/misp/_syncAlerts')).status).toBe(200);
    const alert = (await mispAlerts(on(soc.analyst))).find((a) => a.title.endsWith('Dropper campaign'));
    expect(alert).toBeDefined();
    const [file] = await observablesOf(on(soc.analyst), alert._id);
    expect(file).toMatchObject({ dataType: 'file', ioc: true });
    expect(file.attachment).toMatchObject({ name: 'dropper.exe', id: sha256(dropper) });
    expect(file.attachment.hashes).toContain(md5);
  });

  it('imports a MISP event file as a case with its observables (v1 and v0), and refuses bad input', async () => {
    const { zip, md5 } = mispSampleZip('loader.dll', dropper);
    const event = {
      Event: {
        id: '4242',
        uuid: '5f0e7c4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        info: 'Shared by a partner CERT',
        threat_level_id: '1',
        date: '2026-11-30',
        Orgc: { name: 'CERT-FR' },
        Tag: [{ name: 'tlp:green' }, { name: 'apt:x' }],
        Attribute: [
          { type: 'ip-dst', value: '203.0.113.50', to_ids: true },
          { type: 'url', value: 'https://partner.example/c2', to_ids: false },
          { type: 'malware-sample', value: `loader.dll|${md5}`, to_ids: true, data: zip.toString('base64') },
        ],
      },
    };
    const file = {
      name: 'file',
      filename: 'event.json',
      data: JSON.stringify(event),
      contentType: 'application/json',
    };
    const res = await postMultipart(on(soc.analyst), '/api/v1/connector/misp/case/import', [
      { name: '_json', value: JSON.stringify({}) },
      file,
    ]);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'Case',
      title: '#4242 Shared by a partner CERT',
      severity: 3,
      tlp: 1,
    });
    expect(res.body.tags.sort()).toEqual([
      'apt:x',
      'misp:event=5f0e7c4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      'tlp:green',
    ]);
    const observables = await caseObservables(on(soc.analyst), res.body._id);
    expect(observables.map((o) => [o.dataType, o.data ?? o.attachment?.name, o.ioc]).sort()).toEqual(
      [
        ['file', 'loader.dll', true],
        ['ip', '203.0.113.50', true],
        ['url', 'https://partner.example/c2', false],
      ].sort(),
    );
    expect(observables.find((o) => o.dataType === 'file').attachment.id).toBe(sha256(dropper));

    // v0 (TheHive 4 client): the same route, v0 case shape
    const v0 = await postMultipart(on(soc.analyst), '/api/connector/misp/case/import', [file]);
    expect(v0.status, v0.text).toBe(201);
    expect(v0.body).toMatchObject({ _type: 'case', title: '#4242 Shared by a partner CERT' });
    expect(v0.body.caseId).toBe(res.body.number + 1);

    const bad = await postMultipart(on(soc.analyst), '/api/v1/connector/misp/case/import', [
      { name: 'file', filename: 'x.json', data: '{"not": "an event"}' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ type: 'BadRequest', message: 'Could not convert json to MISP event' });
    const none = await postMultipart(on(soc.analyst), '/api/v1/connector/misp/case/import', [
      { name: '_json', value: '{}' },
    ]);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/^file: /);
    const json = await on(soc.analyst).post('/api/v1/connector/misp/case/import', event);
    expect(json.status).toBe(400);
    const unknown = await postMultipart(on(soc.analyst), '/api/v1/connector/misp/case/import', [
      { name: '_json', value: JSON.stringify({ mispName: 'nope' }) },
      file,
    ]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('MISP server nope not found');
    const readOnly = await postMultipart(on(soc.readOnly), '/api/v1/connector/misp/case/import', [file]);
    expect(readOnly.status).toBe(403);
  });

  it('exports a file observable as a MISP attachment carrying the file', async () => {
    const kase = await createCase(on(soc.analyst), { title: 'Sample case' });
    const upload = await postMultipart(on(soc.analyst), `/api/v1/case/${kase._id}/observable`, [
      { name: '_json', value: JSON.stringify({ dataType: 'file', ioc: true, message: 'the dropper' }) },
      { name: 'attachment', filename: 'dropper.exe', data: dropper },
    ]);
    expect(upload.status, upload.text).toBe(201);
    const res = await on(soc.analyst).post(`/api/v1/connector/misp/export/${kase._id}/circl`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        type: 'attachment',
        value: 'dropper.exe',
        to_ids: true,
        comment: 'the dropper',
      }),
    ]);
    expect(res.body[0].data).toBeUndefined();
    const event = [...misp.events.values()].at(-1)!;
    expect(event.info).toBe(`#${kase.number} Sample case`);
    const [attribute] = event.Attribute;
    expect(attribute).toMatchObject({ type: 'attachment', value: 'dropper.exe' });
    expect(Buffer.from(String(attribute!.data), 'base64').toString()).toBe(dropper);
  });

  it('names the MISP connector in /api/status', async () => {
    const res = await node.admin.get('/api/v1/status');
    expect(res.body.connectors.misp).toEqual({
      enabled: true,
      status: 'OK',
      servers: [
        { name: 'circl', purpose: 'ImportAndExport' },
        { name: 'down', purpose: 'ExportOnly' },
      ],
      feeds: [],
    });
    expect(res.text).not.toContain(KEY);
  });
});
