/**
 * MISP feeds in the standard feed format (manifest.json and one <uuid>.json per event), read from
 * a directory and over http: their events become alerts (sourceRef the event uuid), a changed
 * manifest timestamp updates the alert, an unreadable feed is named in the 502 of `_syncAlerts`
 * without keeping the other feeds from being pulled.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

let dir: string;
let web: Server;
/** The files the http feed served, in order. */
const served: string[] = [];
let server: TestServer;
let soc: OrgFixture;
let other: OrgFixture;
const first = randomUUID();
const second = randomUUID();

/** Writes an event file and its manifest entry, as PyMISP's feed generator does. */
function writeEvent(uuid: string, timestamp: number, info: string, attributes: object[]) {
  const event = {
    uuid,
    info,
    date: '2026-11-20',
    threat_level_id: '2',
    analysis: '2',
    timestamp: String(timestamp),
    Orgc: { name: 'CIRCL', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f' },
    Tag: [{ name: 'tlp:white' }, { name: 'osint:source-type="blog-post"' }],
    Attribute: attributes,
  };
  writeFileSync(path.join(dir, `${uuid}.json`), JSON.stringify({ Event: event }));
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest: Record<string, unknown> = {};
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {}
  manifest[uuid] = {
    info,
    date: event.date,
    timestamp: String(timestamp),
    Orgc: event.Orgc,
    Tag: event.Tag,
    analysis: 2,
    threat_level_id: 2,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

async function feedAlerts(client: HttpClient): Promise<any[]> {
  const res = await client.post('/api/v1/query', {
    query: [
      { _name: 'listAlert' },
      { _name: 'filter', _field: 'type', _value: 'misp' },
      { _name: 'sort', _fields: [{ title: 'asc' }] },
    ],
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'misp-feed-'));
  writeEvent(first, 1_700_000_100, 'OSINT - Loader campaign', [
    {
      uuid: randomUUID(),
      type: 'domain',
      category: 'Network activity',
      value: 'loader.example',
      to_ids: true,
    },
    { uuid: randomUUID(), type: 'sha256', category: 'Payload delivery', value: 'd'.repeat(64), to_ids: true },
  ]);
  writeEvent(second, 1_700_000_200, 'OSINT - Phishing report', [
    {
      uuid: randomUUID(),
      type: 'url',
      category: 'Network activity',
      value: 'https://login.example/',
      to_ids: false,
    },
  ]);
  // the same directory served over http, as feeds usually are
  web = createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(name);
    try {
      const body = readFileSync(path.join(dir, name));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const port = (web.address() as AddressInfo).port;
  server = await startTestServer({
    // no periodic pull: the organisations are made after the start
    feederRunner: { enabled: false },
    misp: {
      pageSize: 1,
      feeds: [
        { name: 'osint-dir', path: dir, organisations: ['soc'], caseTemplate: 'osint' },
        { name: 'osint-web', url: `http://127.0.0.1:${port}/feed/`, organisations: ['other'] },
        { name: 'late', path: path.join(dir, 'late'), organisations: ['soc'] },
      ],
    },
  } as any);
  soc = await createOrganisation(server, 'soc');
  other = await createOrganisation(server, 'other');
}, 60_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => web?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MISP feeds', () => {
  it('pulls a feed directory and an http feed into alerts; an unreadable feed is named, the others pulled', async () => {
    const sync = await server.admin.get('/api/v1/connector/misp/_syncAlerts');
    expect(sync.status).toBe(502);
    expect(sync.body.type).toBe('BadGateway');
    expect(sync.body.message).toBe('MISP feed late: cannot read manifest.json (ENOENT)');

    for (const org of [soc, other]) {
      const alerts = await feedAlerts(org.analyst);
      expect(alerts.map((a) => [a.title, a.source, a.sourceRef])).toEqual([
        ['OSINT - Loader campaign', 'CIRCL', first],
        ['OSINT - Phishing report', 'CIRCL', second],
      ]);
      expect(alerts[0]).toMatchObject({ type: 'misp', tlp: 0, severity: 2 });
      expect(alerts[0].tags.sort()).toEqual(['osint:source-type="blog-post"', 'tlp:white']);
    }
    const [loader] = await feedAlerts(soc.analyst);
    expect(loader.caseTemplate).toBe('osint');
    const observables = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: loader._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => [o.dataType, o.data, o.ioc]).sort()).toEqual([
      ['domain', 'loader.example', true],
      ['hash', 'd'.repeat(64), true],
    ]);

    const status = await server.admin.get('/api/v1/connector/misp/status');
    expect(status.body.enabled).toBe(true);
    expect(status.body.feeds.map((f: any) => [f.name, f.cursor, f.importedCount])).toEqual([
      ['osint-dir', 1_700_000_200, 2],
      ['osint-web', 1_700_000_200, 2],
      ['late', null, 0],
    ]);
    expect(status.body.feeds[2].lastError).toContain('ENOENT');
  });

  it('updates the alert of an event whose manifest timestamp moved, and reads only the events from the cursor on', async () => {
    mkdirSync(path.join(dir, 'late'));
    writeFileSync(path.join(dir, 'late', 'manifest.json'), '{}');
    const before = await feedAlerts(soc.analyst);
    writeEvent(first, 1_700_000_300, 'OSINT - Loader campaign (updated)', [
      {
        uuid: randomUUID(),
        type: 'domain',
        category: 'Network activity',
        value: 'loader.example',
        to_ids: true,
      },
      { uuid: randomUUID(), type: 'ip-dst', category: 'Network activity', value: '192.0.2.77', to_ids: true },
    ]);
    served.length = 0;
    const sync = await server.admin.get('/api/v1/connector/misp/_syncAlerts');
    expect(sync.status, sync.text).toBe(200);
    // the manifest, then only the events at or after the cursor (inclusive, as for servers): the
    // unchanged one at the cursor and the updated one, oldest first
    expect(served).toEqual(['manifest.json', `${second}.json`, `${first}.json`]);
    const after = await feedAlerts(soc.analyst);
    expect(after).toHaveLength(2);
    expect(after[0]._id).toBe(before[0]._id);
    expect(after[0].title).toBe('OSINT - Loader campaign (updated)');
    expect(after[1]).toEqual(before[1]);
    const observables = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: after[0]._id }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => o.data).sort()).toEqual(['192.0.2.77', 'loader.example']);
    const status = await server.admin.get('/api/v1/connector/misp/status');
    expect(status.body.feeds.map((f: any) => [f.name, f.cursor, f.updatedCount, f.lastError])).toEqual([
      ['osint-dir', 1_700_000_300, 1, null],
      ['osint-web', 1_700_000_300, 1, null],
      ['late', null, 0, null],
    ]);
  });

  it('refuses a feed configured with neither or both of url and path', async () => {
    const { checkMispSettings, defaultMispSettings } = await import('./misp-config.js');
    const feeds = (feed: object) => ({
      ...defaultMispSettings(),
      feeds: [{ name: 'f', organisations: ['soc'], ...feed }] as any,
    });
    expect(() => checkMispSettings(feeds({}))).toThrow(/misp\.feeds\[f\]: give either url .* or path/);
    expect(() => checkMispSettings(feeds({ url: 'https://a', path: '/b' }))).toThrow(/either url/);
    expect(() => checkMispSettings(feeds({ url: 'ftp://a' }))).toThrow(
      /misp\.feeds\[f\]\.url: must be an http\(s\) URL/,
    );
    expect(() => checkMispSettings(feeds({ path: '/b', organisations: [] }))).toThrow(/organisations: name/);
  });
});
