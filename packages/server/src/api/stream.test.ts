/**
 * The live stream and the flow over HTTP, on both databases: a stream receives what its
 * organisation writes after it was opened, one element per request with TheHive's shape; a waiting
 * poll is woken by a commit; streams are their user's; bad ids, unknown streams and timeouts; the
 * flow; on PostgreSQL, an event whose transaction commits after a later one is not lost.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../test-support/deferred.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

let server: TestServer;
let soc: OrgFixture;
let other: OrgFixture;

beforeAll(async () => {
  server = await startTestServer({ stream: { refreshSeconds: 0.5 } });
  soc = await createOrganisation(server, 'stream-soc');
  other = await createOrganisation(server, 'stream-other');
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const alert = (observables: unknown[] = []) => ({
  type: 'siem',
  source: 'stream',
  sourceRef: `s-${++n}`,
  title: `Streamed ${n}`,
  description: 'd',
  observables,
});

async function open(client: OrgFixture['analyst'], prefix = '/api/v1'): Promise<string> {
  const res = await client.post(`${prefix}/stream`);
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/^[a-zA-Z0-9]{20}$/);
  return res.text;
}

describe('live stream', () => {
  it('delivers what the organisation writes after it opened, one element per request', async () => {
    await soc.analyst.post('/api/v1/alert', alert()); // before: not delivered
    const id = await open(soc.analyst, '/api');
    const created = await soc.analyst.post(
      '/api/v1/alert',
      alert([
        { dataType: 'ip', data: '192.0.2.1' },
        { dataType: 'domain', data: 'stream.example' },
      ]),
    );
    expect(created.status).toBe(201);
    const res = await soc.analyst.get(`/api/stream/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const [element] = res.body;
    expect(element.base).toMatchObject({
      objectType: 'alert',
      objectId: created.body._id,
      operation: 'Creation',
      rootId: created.body._id,
      base: true,
      user: soc.logins.analyst,
      details: { title: created.body.title },
    });
    expect(typeof element.base.requestId).toBe('string');
    expect(element.summary).toEqual({ alert: { Creation: 1 }, case_artifact: { Creation: 2 } });
  });

  it('wakes a waiting poll when a write commits, and answers [] when nothing comes', async () => {
    const id = await open(soc.analyst);
    const started = Date.now();
    const empty = await soc.analyst.get(`/api/v1/stream/${id}`);
    expect(empty.body).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);

    const waiting = soc.analyst.get(`/api/v1/stream/${id}`);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const kase = await soc.analyst.post('/api/v1/case', { title: 'Streamed case', description: 'd' });
    const res = await waiting;
    expect(res.body.map((e: any) => e.base.objectId)).toEqual([kase.body._id]);
    expect(res.body[0].summary.case).toEqual({ Creation: 1 });
    // woken by the commit, not by the refresh period
    expect(Date.now() - t0).toBeLessThan(400);
  });

  it('keeps organisations apart', async () => {
    const id = await open(other.analyst);
    await soc.analyst.post('/api/v1/alert', alert());
    expect((await other.analyst.get(`/api/v1/stream/${id}`)).body).toEqual([]);
    const mine = await other.analyst.post('/api/v1/alert', alert());
    const res = await other.analyst.get(`/api/v1/stream/${id}`);
    expect(res.body.map((e: any) => e.base.objectId)).toEqual([mine.body._id]);
  });

  it('refuses bad and unknown ids and other users', async () => {
    const id = await open(soc.analyst);
    const foreign = await soc.orgAdmin.get(`/api/v1/stream/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ type: 'StreamNotFound', message: `Stream ${id} doesn't exist` });
    const unknown = await soc.analyst.get('/api/stream/AAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('StreamNotFound');
    const bad = await soc.analyst.get('/api/stream/not-a-stream');
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('BadRequest');
    expect((await server.anonymous.post('/api/stream')).status).toBe(401);
    const status = await soc.analyst.get('/api/stream/status');
    expect(status.body).toMatchObject({ warning: false });
    expect(status.body.remaining).toBeGreaterThan(0);
  });

  it('lists the flow: latest actions first, with summaries, optionally under one root', async () => {
    const kase = await soc.analyst.post('/api/v1/case', { title: 'Flow case', description: 'd' });
    const task = await soc.analyst.post(`/api/v1/case/${kase.body._id}/task`, { title: 'Flow task' });
    expect(task.status).toBe(201);
    const flow = await soc.analyst.get('/api/flow?count=2');
    expect(flow.status).toBe(200);
    expect(flow.headers.get('x-total')).toBe('2');
    expect(flow.body.map((e: any) => e.base.objectType)).toEqual(['case_task', 'case']);
    expect(flow.body[1].summary).toEqual({ case: { Creation: 1 } });
    const under = await soc.analyst.get(`/api/v1/flow?rootId=${kase.body._id}&count=10`);
    expect(under.body.every((e: any) => e.base.rootId === kase.body._id)).toBe(true);
    // ids are per table: an alert with the same number shares the root id (docs/stream.md)
    expect(
      under.body.filter((e: any) => e.base.objectType !== 'alert').map((e: any) => e.base.objectType),
    ).toEqual(['case_task', 'case']);
    expect((await other.analyst.get(`/api/flow?rootId=${kase.body._id}`)).body).toEqual([]);
    expect((await soc.analyst.get('/api/flow?count=0')).status).toBe(400);
  });

  it('does not lose an event whose transaction commits after a later one (PostgreSQL)', async () => {
    if (server.dialect !== 'postgres') return;
    const id = await open(soc.analyst);
    const { db } = server.propolis.storage;
    const orgId = (await soc.analyst.get('/api/v1/user/current')).body.organisation;
    const organisationId = Number(
      (await sql<{ id: number }>`SELECT id FROM organisation WHERE name = ${orgId}`.execute(db)).rows[0]!.id,
    );
    const row = (objectId: string) => ({
      request_id: `late-${objectId}`,
      organisation_id: organisationId,
      user_login: 'test',
      action: 'create',
      object_type: 'Case',
      object_id: objectId,
      root_id: objectId,
      details: '{}',
      main_action: 1,
      created_at: Date.now(),
    });
    const held = deferred();
    const inserted = deferred();
    const early = db.transaction().execute(async (trx) => {
      await trx.insertInto('audit').values(row('~early')).execute();
      inserted.resolve();
      await held.promise;
    });
    const next = async () => {
      // Written as if by another process (no commit signal here): the reader's timer finds it.
      let got: string[] = [];
      for (let i = 0; i < 8 && got.length === 0; i++) {
        got = (await soc.analyst.get(`/api/v1/stream/${id}`)).body.map((e: any) => e.base.objectId);
      }
      return got;
    };
    try {
      await inserted.promise;
      await db.insertInto('audit').values(row('~later')).execute();
      // the reader sees ~later and moves its cursor past ~early's id
      expect(await next()).toEqual(['~later']);
    } finally {
      held.resolve();
      await early;
    }
    expect(await next()).toEqual(['~early']);
  });
});

describe('live stream at shutdown', () => {
  it('answers a waiting poll when the server stops instead of holding the shutdown', async () => {
    const s = await startTestServer({ stream: { refreshSeconds: 60 } });
    const org = await createOrganisation(s, 'stream-stop');
    const id = (await org.analyst.post('/api/v1/stream')).text;
    const waiting = org.analyst.get(`/api/v1/stream/${id}`).catch(() => ({ status: 0, body: [] }));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await s.close();
    const res = await waiting;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(res.body).toEqual([]);
  });
});
