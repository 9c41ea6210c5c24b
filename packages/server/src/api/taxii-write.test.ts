/**
 * The TAXII 2.1 write collection over HTTP: an envelope POSTed to the inbox (TAXII media type)
 * becomes an alert with its observables, answered by a status resource that GET status gives
 * again; invalid objects fail in the status and write nothing; read-only collections refuse
 * writes, the inbox refuses reads; another organisation neither sees the inbox's statuses nor
 * its collection; the body size is bounded.
 */
import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../test-support/http.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer({
  taxii: { maxContentLength: 20_000, collections: { inbox: { canWrite: true } } },
} as any);
const soc = useOrganisation(server, 'taxiiwriter');
const other = useOrganisation(server, 'taxiibystander');

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/api/';

const post = (client: HttpClient, path: string, body: unknown) =>
  client.post(path, body, { headers: { 'content-type': TAXII, accept: TAXII } });
const get = (client: HttpClient, path: string) => client.get(path, { headers: { accept: TAXII } });

const indicator = (n: number, pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--0b9c6b1e-7d2f-4c1a-9e5b-00000000000${n}`,
  created: '2026-12-01T10:00:00.000Z',
  modified: '2026-12-01T10:00:00.000Z',
  name: `Indicator ${n}`,
  pattern,
  pattern_type: 'stix',
  valid_from: '2026-12-01T10:00:00.000Z',
  labels: ['shared'],
});

async function collections(client: HttpClient) {
  const res = await get(client, `${ROOT}collections/`);
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries(res.body.collections.map((c: any) => [c.alias, c]));
}

describe('TAXII 2.1 write collection', () => {
  it('turns a POSTed envelope into an alert and answers a status resource kept for GET status', async () => {
    const { inbox, iocs } = await collections(soc.analyst);
    expect([inbox.can_read, inbox.can_write, iocs.can_read, iocs.can_write]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const root = await get(soc.analyst, ROOT);
    expect(root.body.max_content_length).toBe(20_000);

    const envelope = {
      objects: [
        indicator(1, "[ipv4-addr:value = '203.0.113.5']"),
        indicator(2, "[domain-name:value = 'drop.example']"),
      ],
    };
    const res = await post(soc.analyst, `${ROOT}collections/${inbox.id}/objects/`, envelope);
    expect(res.status, res.text).toBe(202);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.body).toMatchObject({
      status: 'complete',
      total_count: 2,
      success_count: 2,
      failure_count: 0,
      pending_count: 0,
    });
    expect(res.body.successes.map((s: any) => s.id)).toEqual(envelope.objects.map((o) => o.id));
    const alertId = res.body.successes[0].message.replace('alert ', '');

    const status = await get(soc.analyst, `${ROOT}status/${res.body.id}/`);
    expect(status.status, status.text).toBe(200);
    expect(status.body).toEqual(res.body);
    // another organisation does not see the status
    expect((await get(other.analyst, `${ROOT}status/${res.body.id}/`)).status).toBe(404);

    const observables = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getAlert', idOrName: alertId }, { _name: 'observables' }],
    });
    expect(observables.body.map((o: any) => [o.dataType, o.data, o.ioc, o.tags]).sort()).toEqual([
      ['domain', 'drop.example', true, ['shared']],
      ['ip', '203.0.113.5', true, ['shared']],
    ]);
    const alert = await soc.analyst.get(`/api/v1/alert/${alertId}`);
    expect(alert.body.type).toBe('taxii');
  });

  it('fails invalid objects in the status and writes nothing', async () => {
    const { inbox } = await collections(soc.analyst);
    const before = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAlert' }, { _name: 'count' }],
    });
    const bad = { ...indicator(3, "[ipv4-addr:value = '203.0.113.6'"), valid_from: 'yesterday' };
    const res = await post(soc.analyst, `${ROOT}collections/${inbox.id}/objects/`, { objects: [bad] });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ success_count: 0, failure_count: 1, total_count: 1 });
    expect(res.body.failures[0].message).toMatch(/valid_from: must be a timestamp/);
    expect(res.body.failures[0].message).toMatch(/pattern:/);
    const after = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAlert' }, { _name: 'count' }],
    });
    expect(after.body).toBe(before.body);

    const notEnvelope = await post(soc.analyst, `${ROOT}collections/${inbox.id}/objects/`, { items: [] });
    expect(notEnvelope.status).toBe(400);
    expect(notEnvelope.body.message).toMatch(/TAXII envelope/);
    const tooBig = await post(soc.analyst, `${ROOT}collections/${inbox.id}/objects/`, {
      objects: [{ ...indicator(4, "[url:value = 'http://x.example/']"), description: 'x'.repeat(30_000) }],
    });
    expect(tooBig.status).toBe(413);
  });

  it('keeps read-only collections read-only, the inbox unreadable, and the inbox to its organisation', async () => {
    const { inbox, iocs } = await collections(soc.analyst);
    const write = await post(soc.analyst, `${ROOT}collections/${iocs.id}/objects/`, {
      objects: [indicator(5, "[ipv4-addr:value = '203.0.113.9']")],
    });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/read-only/);
    const read = await get(soc.analyst, `${ROOT}collections/${inbox.id}/objects/`);
    expect(read.status).toBe(403);
    const foreign = await post(other.analyst, `${ROOT}collections/${inbox.id}/objects/`, {
      objects: [indicator(6, "[ipv4-addr:value = '203.0.113.10']")],
    });
    expect(foreign.status).toBe(404);
    // a read-only user may not write
    const reader = await post(soc.readOnly, `${ROOT}collections/${inbox.id}/objects/`, {
      objects: [indicator(7, "[ipv4-addr:value = '203.0.113.11']")],
    });
    expect(reader.status).toBe(403);
  });
});
