/**
 * Issue 18's "done when", as a new user would go through it from the docs, on one real server and
 * a fake MISP: a configured MISP server's event appears as an alert with observables; it becomes a
 * case; two observables are marked IOC; the case is exported back to MISP (the fake receives an
 * event with those two as IDS attributes); the case's STIX bundle is valid and holds the two
 * indicators; its PDF report reads back with pdftotext; a TAXII client lists the organisation's
 * IOC collection and gets the two indicators.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStixBundle } from '../../intel/stix-import.js';
import { type FakeMisp, startFakeMisp } from '../../test-support/fake-misp.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

const KEY = 'journey-misp-key-0123456789';
const TAXII = 'application/taxii+json;version=2.1';
let misp: FakeMisp;
let server: TestServer;
let soc: OrgFixture;

beforeAll(async () => {
  misp = await startFakeMisp(KEY);
  misp.seed({
    info: 'Credential phishing campaign',
    Tag: [{ name: 'tlp:green' }],
    Attribute: [
      { type: 'domain', value: 'login-portal.example', to_ids: false },
      { type: 'ip-dst', value: '203.0.113.45', to_ids: false },
      { type: 'email-subject', value: 'Password expiry' },
    ],
  });
  server = await startTestServer({
    feederRunner: { enabled: false },
    misp: {
      timeoutSeconds: 5,
      servers: [
        { name: 'cert', url: misp.url, key: KEY, purpose: 'ImportAndExport', organisations: ['journey'] },
      ],
    },
  } as any);
  soc = await createOrganisation(server, 'journey');
}, 60_000);

afterAll(async () => {
  await server?.close();
  await misp?.stop();
});

describe('threat-intelligence exchange, end to end', () => {
  it('MISP event → alert → case with two IOCs → MISP export, STIX bundle, PDF report and TAXII indicators', async () => {
    expect((await server.admin.get('/api/v1/connector/misp/_syncAlerts')).status).toBe(200);
    const alerts = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAlert' }, { _name: 'filter', _field: 'type', _value: 'misp' }],
    });
    expect(alerts.body.map((a: any) => a.title)).toEqual(['#1 Credential phishing campaign']);
    const alert = alerts.body[0];

    const kase = await soc.analyst.post(`/api/v1/alert/${alert._id}/case`, {});
    expect(kase.status, kase.text).toBe(201);
    const observables = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: kase.body._id }, { _name: 'observables' }],
    });
    expect(observables.body).toHaveLength(3);
    for (const o of observables.body.filter((x: any) => ['domain', 'ip'].includes(x.dataType))) {
      const marked = await soc.analyst.patch(`/api/v1/observable/${o._id}`, { ioc: true });
      expect(marked.status, marked.text).toBe(204);
    }

    const exported = await soc.analyst.post(`/api/v1/connector/misp/export/${kase.body._id}/cert`);
    expect(exported.status, exported.text).toBe(200);
    const added = misp.requests.find((r) => r.method === 'POST' && r.path === '/events/add');
    expect(added?.body.Event.info).toContain('Credential phishing campaign');
    expect(
      added?.body.Event.Attribute.map((a: any) => [a.type, a.value, a.to_ids]).sort((x: any, y: any) =>
        String(x[1]).localeCompare(String(y[1])),
      ),
    ).toEqual([
      ['ip-dst', '203.0.113.45', true],
      ['domain', 'login-portal.example', true],
    ]);

    const stix = await soc.analyst.get(`/api/v1/case/${kase.body._id}/stix`);
    expect(stix.status).toBe(200);
    expect(checkStixBundle(stix.body)).toEqual([]);
    const patterns = stix.body.objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.pattern);
    expect(patterns.sort()).toEqual([
      "[domain-name:value = 'login-portal.example']",
      "[ipv4-addr:value = '203.0.113.45']",
    ]);

    const pdf = await fetch(`${server.url}/api/v1/case/${kase.body._id}/report?format=pdf`, {
      headers: { authorization: `Bearer ${soc.analyst.auth.key}` },
    });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'journey-pdf-'));
    try {
      writeFileSync(path.join(dir, 'report.pdf'), Buffer.from(await pdf.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'report.pdf'), '-'], {
        encoding: 'utf8',
      });
      expect(text).toContain('Credential phishing campaign');
      expect(text).toContain('login-portal.example');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const discovery = await soc.analyst.get('/taxii2/', { headers: { accept: TAXII } });
    const root = new URL(discovery.body.default).pathname;
    const collections = await soc.analyst.get(`${root}collections/`, { headers: { accept: TAXII } });
    const iocs = collections.body.collections.find((c: any) => c.alias === 'iocs');
    const objects = await soc.analyst.get(`${root}collections/${iocs.id}/objects/`, {
      headers: { accept: TAXII },
    });
    expect(objects.status).toBe(200);
    expect(objects.body.objects.map((o: any) => o.id).sort()).toEqual(
      stix.body.objects
        .filter((o: any) => o.type === 'indicator')
        .map((o: any) => o.id)
        .sort(),
    );
  });
});
