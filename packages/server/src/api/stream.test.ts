import { describe, expect, it } from 'vitest';
import { NO_EXPIRY_SECONDS } from '../domain/stream/stream-status.js';
import { deferred } from '../test-support/deferred.js';
import { alertBody } from '../test-support/factories.js';
import { HttpClient, sessionClient } from '../test-support/http.js';
import { createOrganisation, useOrganisation } from '../test-support/identity.js';
import { startTestServer, useTestServer } from '../test-support/server.js';

const server = useTestServer({ stream: { refreshSeconds: 0.5 } });
const soc = useOrganisation(server, 'stream-soc');
const other = useOrganisation(server, 'stream-other');

const alert = (observables: unknown[] = []) => alertBody({ source: 'stream', observables });

async function open(client: HttpClient, prefix = '/api/v1'): Promise<string> {
  const res = await client.post(`${prefix}/stream`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(res.text).toMatch(/^[a-zA-Z0-9]{20}$/);
  return res.text;
}

/** Polls until the stream brings something (at most a few refresh periods). */
async function next(client: HttpClient, id: string, prefix = '/api/v1'): Promise<any[]> {
  for (let i = 0; i < 8; i++) {
    const res = await client.get(`${prefix}/stream/${id}`);
    expect(res.status).toBe(200);
    if (res.body.length > 0) return res.body;
  }
  return [];
}

describe('live stream', () => {
  it('delivers what the organisation writes after it opened, with the object and a summary', async () => {
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
      createdBy: soc.logins.analyst,
      details: { title: created.body.title },
    });
    expect(typeof element.base.requestId).toBe('string');
    expect(typeof element.base.startDate).toBe('number');
    // the object as v0 renders it, artifacts included
    expect(element.base.object).toMatchObject({
      _id: created.body._id,
      _type: 'alert',
      title: created.body.title,
    });
    expect(element.base.object.artifacts).toHaveLength(2);
    expect(element.summary).toEqual({ alert: { Creation: 1 }, case_artifact: { Creation: 2 } });
  });

  it('sends the events already there together, one element per request, in order', async () => {
    const id = await open(soc.analyst);
    const kase = await soc.analyst.post('/api/v1/case', { title: 'Grouped case', description: 'd' });
    const task = await soc.analyst.post(`/api/v1/case/${kase.body._id}/task`, { title: 'Grouped task' });
    expect(task.status).toBe(201);
    const res = await soc.analyst.get(`/api/v1/stream/${id}`);
    expect(res.body.map((e: any) => [e.base.objectType, e.base.objectId])).toEqual([
      ['case', kase.body._id],
      ['case_task', task.body._id],
    ]);
    expect(res.body[0].summary).toEqual({ case: { Creation: 1 } });
    expect(res.body[1].summary).toEqual({ case_task: { Creation: 1 } });
    expect(res.body[1].base.rootId).toBe(kase.body._id);
    expect(res.body[0].base.object).toMatchObject({ _type: 'case', title: 'Grouped case' });
    expect(res.body[1].base.object).toMatchObject({ _type: 'case_task', title: 'Grouped task' });
  });

  it('answers [] when nothing comes within the refresh period', async () => {
    const id = await open(soc.analyst);
    const started = Date.now();
    const empty = await soc.analyst.get(`/api/v1/stream/${id}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('leaves the object out once it is deleted', async () => {
    const id = await open(soc.analyst);
    const created = await soc.analyst.post('/api/v1/alert', alert());
    expect((await soc.orgAdmin.delete(`/api/v1/alert/${created.body._id}`)).status).toBe(204);
    const res = await soc.analyst.get(`/api/v1/stream/${id}`);
    expect(res.body.map((e: any) => [e.base.operation, e.base.user])).toEqual([
      ['Creation', soc.logins.analyst],
      ['Delete', soc.logins.orgAdmin],
    ]);
    for (const e of res.body) {
      expect(e.base.objectId).toBe(created.body._id);
      expect(e.base).not.toHaveProperty('object');
    }
  });

  it('keeps organisations apart; platform administrators follow the admin organisation', async () => {
    const id = await open(other.analyst);
    const adminStream = await open(server.admin);
    await soc.analyst.post('/api/v1/alert', alert());
    expect((await other.analyst.get(`/api/v1/stream/${id}`)).body).toEqual([]);
    const mine = await other.analyst.post('/api/v1/alert', alert());
    const res = await other.analyst.get(`/api/v1/stream/${id}`);
    expect(res.body.map((e: any) => e.base.objectId)).toEqual([mine.body._id]);

    const org = await server.admin.post('/api/v1/organisation', { name: 'stream-new', description: 'd' });
    expect(org.status).toBe(201);
    const admin = await next(server.admin, adminStream);
    expect(admin.map((e: any) => [e.base.objectType, e.base.operation])).toEqual([
      ['organisation', 'Creation'],
    ]);
  });

  it('belongs to its user, in the organisation it was opened in', async () => {
    const login = 'two-orgs@stream-soc.test';
    expect(
      (
        await server.admin.post('/api/v1/user', {
          login,
          name: login,
          profile: 'analyst',
          organisation: soc.name,
          password: 'password-1234',
        })
      ).status,
    ).toBe(201);
    const put = await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: soc.name, profile: 'analyst', default: true },
        { organisation: other.name, profile: 'read-only' },
      ],
    });
    expect(put.status).toBe(200);
    const key = (await server.admin.post(`/api/v1/user/${login}/key/renew`)).text;
    const inSoc = new HttpClient(server.url, { key, organisation: soc.name });

    const id = await open(inSoc);
    const foreign = await soc.orgAdmin.get(`/api/v1/stream/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ type: 'StreamNotFound', message: `Stream ${id} doesn't exist` });
    expect((await inSoc.in(other.name).get(`/api/v1/stream/${id}`)).status).toBe(404);
    expect((await inSoc.get(`/api/v1/stream/${id}`)).status).toBe(200);
  });

  it('refuses malformed and unknown ids and anonymous callers; tells how long the session lasts', async () => {
    const unknown = await soc.analyst.get('/api/stream/AAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      type: 'StreamNotFound',
      message: "Stream AAAAAAAAAAAAAAAAAAAA doesn't exist",
    });
    for (const bad of ['not-a-stream', 'AAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAA']) {
      const res = await soc.analyst.get(`/api/v1/stream/${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('BadRequest');
    }
    expect((await server.anonymous.post('/api/stream')).status).toBe(401);
    expect((await server.anonymous.get('/api/stream/status')).status).toBe(401);

    expect((await soc.analyst.get('/api/stream/status')).body).toEqual({
      remaining: NO_EXPIRY_SECONDS,
      warning: false,
    });
    const session = await sessionClient(server.url, soc.logins.analyst, 'password-1234');
    const status = await session.get('/api/v1/stream/status');
    expect(status.body.warning).toBe(false);
    expect(status.body.remaining).toBeGreaterThan(60 * 60 - 10);
    expect(status.body.remaining).toBeLessThanOrEqual(60 * 60);
  });

  it('lists the flow: latest actions first, with objects and summaries, optionally under one root', async () => {
    const kase = await soc.analyst.post('/api/v1/case', { title: 'Flow case', description: 'd' });
    const task = await soc.analyst.post(`/api/v1/case/${kase.body._id}/task`, { title: 'Flow task' });
    expect(task.status).toBe(201);
    const flow = await soc.analyst.get('/api/flow?count=2');
    expect(flow.status).toBe(200);
    expect(flow.headers.get('x-total')).toBe('2');
    expect(flow.body.map((e: any) => [e.base.objectType, e.base.objectId])).toEqual([
      ['case_task', task.body._id],
      ['case', kase.body._id],
    ]);
    expect(flow.body[1].summary).toEqual({ case: { Creation: 1 } });
    expect(flow.body[1].base.object).toMatchObject({ _type: 'case', title: 'Flow case' });

    const under = await soc.analyst.get(`/api/v1/flow?rootId=${kase.body._id}&count=10`);
    expect(under.body.every((e: any) => e.base.rootId === kase.body._id)).toBe(true);
    // ids are per table: an alert with the same number shares the root id (docs/stream.md)
    expect(
      under.body.filter((e: any) => e.base.objectType !== 'alert').map((e: any) => e.base.objectType),
    ).toEqual(['case_task', 'case']);
    expect((await soc.analyst.get('/api/flow?rootId=any&count=1')).body[0].base.objectId).toBe(task.body._id);
    expect((await other.analyst.get(`/api/flow?rootId=${kase.body._id}`)).body).toEqual([]);

    // actions on users are not part of the flow
    const user = await soc.orgAdmin.post('/api/v1/user', {
      login: 'flow-user@stream-soc.test',
      name: 'Flow user',
      profile: 'read-only',
    });
    expect(user.status).toBe(201);
    expect((await soc.analyst.get('/api/flow?count=1')).body[0].base.objectId).toBe(task.body._id);

    expect((await soc.analyst.get('/api/flow?count=0')).status).toBe(400);
    expect((await soc.analyst.get('/api/flow?count=many')).status).toBe(400);
  });

  it('does not lose an event whose transaction commits after a later one (PostgreSQL)', async () => {
    if (server.dialect !== 'postgres') return;
    const id = await open(soc.analyst);
    const { db } = server.propolis.storage;
    const organisationId = soc.id;
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
      await trx.insertInto('audit').values(row('~900000001')).execute();
      inserted.resolve();
      await held.promise;
    });
    try {
      await inserted.promise;
      // Written as if by another process (no commit signal here): the reader's timer finds it.
      await db.insertInto('audit').values(row('~900000002')).execute();
      // then many rows of another organisation: the earlier id is awaited by id, not within a window
      const otherId = other.id;
      await db
        .insertInto('audit')
        .values(Array.from({ length: 1500 }, (_, i) => ({ ...row(`~${i + 1}`), organisation_id: otherId })))
        .execute();
      // the reader sees the later id and moves its cursor past the earlier one
      expect((await next(soc.analyst, id)).map((e) => e.base.objectId)).toEqual(['~900000002']);
    } finally {
      held.resolve();
      await early;
    }
    expect((await next(soc.analyst, id)).map((e) => e.base.objectId)).toEqual(['~900000001']);
  });
});

describe('live stream wake-up', () => {
  // A refresh period far longer than a write takes even on a loaded machine: an answer well within
  // it was woken by the commit (with 0.5 s, a write slowed to 0.5 s by load looked like a refresh).
  const slowRefresh = useTestServer({ stream: { refreshSeconds: 30 } });
  const org = useOrganisation(slowRefresh, 'stream-wake-up');

  it('wakes a waiting poll when a write commits', async () => {
    const id = await open(org.analyst);
    const waiting = org.analyst.get(`/api/v1/stream/${id}`);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const kase = await org.analyst.post('/api/v1/case', { title: 'Streamed case', description: 'd' });
    const res = await waiting;
    expect(res.body.map((e: any) => e.base.objectId)).toEqual([kase.body._id]);
    expect(res.body[0].summary.case).toEqual({ Creation: 1 });
    // woken by the commit, not by the refresh period (30 s)
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('live stream keep-alive', () => {
  const shortLived = useTestServer({ stream: { refreshSeconds: 0.3, keepAliveSeconds: 1.5 } });
  const org = useOrganisation(shortLived, 'stream-keep-alive');

  it('closes a stream nobody polled for the keep-alive period', async () => {
    const id = await open(org.analyst);
    expect((await org.analyst.get(`/api/v1/stream/${id}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1800));
    const res = await org.analyst.get(`/api/v1/stream/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('StreamNotFound');
  });
});

describe('live stream limits', () => {
  // A keep-alive far above these tests' length: on a loaded machine a 1.5 s one closed their streams
  // between two requests (the keep-alive itself is tested above, on a server of its own).
  const limited = useTestServer({
    stream: { refreshSeconds: 0.3, keepAliveSeconds: 60, maxEvents: 2, maxStreamsPerUser: 2 },
  });
  const org = useOrganisation(limited, 'stream-limits');

  it('keeps the newest events of a stream that is not polled', async () => {
    const id = await open(org.analyst);
    const titles: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await org.analyst.post('/api/v1/case', { title: `Kept ${i}`, description: 'd' });
      titles.push(created.body.title);
    }
    // let the reader bring all three before polling
    await new Promise((r) => setTimeout(r, 700));
    const res = await org.analyst.get(`/api/v1/stream/${id}`);
    expect(res.body.map((e: any) => e.base.details.title)).toEqual(titles.slice(1));
  });

  it("closes a user's least recently polled stream beyond the limit", async () => {
    const first = await open(org.analyst);
    const second = await open(org.analyst);
    await org.analyst.get(`/api/v1/stream/${first}`);
    const third = await open(org.analyst);
    expect((await org.analyst.get(`/api/v1/stream/${second}`)).status).toBe(404);
    expect((await org.analyst.get(`/api/v1/stream/${first}`)).status).toBe(200);
    expect((await org.analyst.get(`/api/v1/stream/${third}`)).status).toBe(200);
    // another user's streams do not count
    expect((await org.orgAdmin.post('/api/v1/stream')).status).toBe(200);
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
