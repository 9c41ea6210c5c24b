/**
 * The generic webhook feeder over real HTTP: defined through the admin API, fed by a sender with
 * its token, mapped with JSONata into deduplicated alerts; a failing mapping is recorded and
 * answered 400; the feeder shows in the status document and in /metrics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer({ feederRunner: { reconcileSeconds: 0.2 } });
const TOKEN = 'hook-token-0123456789abcdef';
let org: OrgFixture;

const MAPPING = `{
  "title": "Detection " & detection.name,
  "sourceRef": detection.id,
  "description": "Host " & host.name,
  "severity": detection.severity = "high" ? 3 : 2,
  "tags": ["edr", "rule:" & detection.rule],
  "observables": [
    {"dataType": "ip", "data": host.ip, "tags": ["host"]},
    {"dataType": "hash", "data": detection.sha256}
  ]
}`;

function sender() {
  return new HttpClient(server.url, {});
}

async function send(body: unknown, token = TOKEN) {
  return sender().post('/api/v1/feeder/edr/webhook', body, { headers: { authorization: `Bearer ${token}` } });
}

describe('webhook feeder', () => {
  beforeAll(async () => {
    org = await createOrganisation(server, 'hooked');
  });

  it('is defined by a platform administrator only, with its token hidden', async () => {
    const definition = {
      name: 'edr',
      kind: 'webhook',
      organisation: 'hooked',
      token: TOKEN,
      mapping: MAPPING,
      alert: { type: 'edr', tlp: 3 },
    };
    const refused = await org.orgAdmin.post('/api/v1/feeder', definition);
    expect(refused.status).toBe(403);
    const badMapping = await server.admin.post('/api/v1/feeder', { ...definition, mapping: '{ "title": ' });
    expect(badMapping.status).toBe(400);
    expect(badMapping.body.message).toMatch(/^feeder\.mapping: the mapping is not valid JSONata/);
    const noOrg = await server.admin.post('/api/v1/feeder', { ...definition, organisation: 'nowhere' });
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.message).toBe('feeder.organisation: no organisation is named nowhere');
    const created = await server.admin.post('/api/v1/feeder', definition);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'edr',
      kind: 'webhook',
      organisation: 'hooked',
      origin: 'api',
      enabled: true,
      definition: { token: '<set>', mapping: MAPPING, alert: { type: 'edr', tlp: 3 } },
      status: { health: 'Idle', created: 0, duplicates: 0, failed: 0 },
    });
    expect(created.text).not.toContain(TOKEN);
    const again = await server.admin.post('/api/v1/feeder', definition);
    expect(again.status).toBe(400);
    expect(again.body.type).toBe('ConflictError');
  });

  it('turns requests into deduplicated alerts of its organisation', async () => {
    const body = {
      detection: {
        id: 'det-1',
        name: 'Mimikatz',
        severity: 'high',
        rule: 'cred-dump',
        sha256: 'A'.repeat(64),
      },
      host: { name: 'ws-12', ip: '10.1.2.3' },
    };
    const first = await send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 1, duplicates: 0, failed: 0, failures: [] });
    const again = await send(body);
    expect(again.body).toMatchObject({ created: 0, duplicates: 1 });
    const alert = await org.analyst.get(`/api/v1/alert/${first.body.alerts[0]}`);
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({
      type: 'edr',
      source: 'edr',
      sourceRef: 'det-1',
      title: 'Detection Mimikatz',
      description: 'Host ws-12',
      severity: 3,
      tlp: 3,
    });
    expect([...alert.body.tags].sort()).toEqual(['edr', 'rule:cred-dump']);
    const observables = await org.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: first.body.alerts[0] }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => `${o.dataType}:${o.data}`).sort()).toEqual([
      `hash:${'a'.repeat(64)}`,
      'ip:10.1.2.3',
    ]);
  });

  it('refuses a wrong token and an unknown feeder alike', async () => {
    const wrong = await send({}, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    const unknown = await sender().post(
      '/api/v1/feeder/nope/webhook',
      {},
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('records a body the mapping cannot turn into an alert, and carries on', async () => {
    const failing = await send({ host: { name: 'x' } });
    expect(failing.status).toBe(400);
    expect(failing.body.message).toBe('the mapping gave no sourceRef (it deduplicates alerts)');
    const failures = await server.admin.get('/api/v1/feeder/edr/failures');
    expect(failures.status).toBe(200);
    expect(failures.body[0]).toMatchObject({
      reason: 'the mapping gave no sourceRef (it deduplicates alerts)',
    });
    expect(failures.body[0].ref).toMatch(/^request /);
    const badObservable = await send({
      detection: { id: 'det-2', name: 'Odd', severity: 'low', rule: 'r', sha256: 'not a hash' },
      host: { name: 'ws-13', ip: 'not an ip' },
    });
    expect(badObservable.status).toBe(201);
    expect(badObservable.body).toMatchObject({ created: 0, failed: 1 });
    expect(badObservable.body.failures[0].ref).toBe('edr;det-2');
    const next = await send({
      detection: { id: 'det-3', name: 'Next', severity: 'low', rule: 'r', sha256: 'b'.repeat(64) },
      host: { name: 'ws-14', ip: '10.1.2.4' },
    });
    expect(next.body).toMatchObject({ created: 1 });
    const view = await server.admin.get('/api/v1/feeder/edr');
    expect(view.body.status).toMatchObject({ health: 'OK', created: 2, duplicates: 1, failed: 2 });
  });

  it('is listed with its health in the status document and in /metrics', async () => {
    const status = await server.anonymous.get('/api/v1/status');
    expect(status.body.feeders).toEqual([{ name: 'edr', kind: 'webhook', health: 'OK' }]);
    const metrics = await server.anonymous.get('/metrics');
    expect(metrics.text).toContain('propolis_feeder_alerts_created{feeder="edr",kind="webhook"} 2');
    expect(metrics.text).toContain('propolis_feeder_up{feeder="edr",kind="webhook"} 1');
  });

  it('stops taking requests when disabled', async () => {
    const off = await server.admin.patch('/api/v1/feeder/edr', { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, status: { health: 'Disabled' } });
    const refused = await send({ detection: { id: 'det-9' } });
    expect(refused.status).toBe(403);
    await server.admin.patch('/api/v1/feeder/edr', { enabled: true });
    const deleted = await server.admin.delete('/api/v1/feeder/edr');
    expect(deleted.status).toBe(204);
    expect((await server.admin.get('/api/v1/feeder/edr')).status).toBe(404);
  });
});
