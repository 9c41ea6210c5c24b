/**
 * Sharing between organisations (docs/sharing.md), on SQLite and PostgreSQL: links, sharing
 * profiles, case/task/observable shares, what the receiving organisation reads through every read
 * path, what it cannot write, removal, owner change, access restrictions, and bad input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../suites/test-support/tenant-fixture.js';
import { expectOk } from '../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer({ stream: { refreshSeconds: 1 } });
let north: Tenant;
let south: OrgFixture;
let west: OrgFixture;

beforeAll(async () => {
  north = await createTenant(server, 'north', 'nrth5mark');
  south = await createOrganisation(server, 'south');
  west = await createOrganisation(server, 'west');
  const linked = await server.admin.put('/api/v1/organisation/north/links', {
    links: [{ toOrganisation: 'south', linkType: 'partner', otherLinkType: 'partner' }],
  });
  expect(linked.status, linked.text).toBe(204);
}, 60_000);

const query = (client: OrgFixture['analyst'], q: unknown[]) => client.post('/api/v1/query', { query: q });

async function pollAll(
  client: OrgFixture['analyst'],
  stream: string,
  until: (seen: string) => boolean,
  polls = 8,
) {
  let seen = '';
  for (let i = 0; i < polls && !until(seen); i++) {
    const polled = await client.get(`/api/v1/stream/${stream}`);
    expect(polled.status).toBe(200);
    seen += polled.text;
  }
  return seen;
}

describe('organisation links and sharing profiles', () => {
  it('lists links both ways and the built-in sharing profiles', async () => {
    const links = await north.orgAdmin.get('/api/v1/organisation/north/links');
    expect(links.status).toBe(200);
    expect(links.body.map((o: { name: string }) => o.name)).toEqual(['south']);
    expect(links.body[0]).toMatchObject({ _type: 'Organisation', name: 'south', linkType: 'partner' });
    const back = await south.orgAdmin.get('/api/v1/organisation/south/links');
    expect(back.body.map((o: { name: string }) => o.name)).toEqual(['north']);
    // OutputOrganisation.links names the linked organisations, on reads and in the query language
    expect((await north.orgAdmin.get('/api/v1/organisation/north')).body.links).toEqual(['south']);
    const listed = await server.admin.post('/api/v1/query', { query: [{ _name: 'listOrganisation' }] });
    const byName = new Map(listed.body.map((o: { name: string; links: string[] }) => [o.name, o.links]));
    expect(byName.get('south')).toEqual(['north']);
    expect(byName.get('west')).toEqual([]);
    const profiles = await south.analyst.get('/api/v1/sharingProfile');
    expect(profiles.status).toBe(200);
    expect(profiles.body.map((p: { name: string }) => p.name)).toEqual(['analyst', 'read-only']);
    expect(profiles.body[1]).toEqual({
      name: 'read-only',
      description: expect.any(String),
      autoShare: false,
      editable: false,
      permissionProfile: 'read-only',
      taskRule: 'all',
      observableRule: 'all',
    });
  });

  it('only the admin organisation manages links', async () => {
    const res = await north.orgAdmin.put('/api/v1/organisation/north/link/west', {});
    expect(res.status).toBe(403);
    expect((await north.orgAdmin.get('/api/v1/organisation/north/links')).body).toHaveLength(1);
  });
});

describe('sharing a case read-only', () => {
  it('refuses an unlinked organisation, an unknown one and an unknown profile, changing nothing', async () => {
    for (const [share, status, text] of [
      [{ organisation: 'west' }, 400, 'not linked'],
      [{ organisation: 'nowhere' }, 404, 'nowhere'],
      [{ organisation: 'south', profile: 'superuser' }, 400, 'superuser'],
      [{ organisation: 'north' }, 400, 'owns the case'],
    ] as const) {
      const res = await north.analyst.post(`/api/v1/case/${north.ids.case}/shares`, { shares: [share] });
      expect(res.status, res.text).toBe(status);
      expect(res.body.message).toContain(text);
    }
    expect((await north.analyst.get(`/api/v1/case/${north.ids.case}/shares`)).body).toEqual([]);
    expect((await south.analyst.get(`/api/v1/case/${north.ids.case}`)).status).toBe(404);
    // a read-only user of the owner cannot share
    const ro = await north.readOnly.post(`/api/v1/case/${north.ids.case}/shares`, {
      shares: [{ organisation: 'south' }],
    });
    expect(ro.status).toBe(403);
  });

  it('shares, and the partner reads the case, its tasks, logs, observables and files everywhere', async () => {
    const stream = await south.analyst.post('/api/v1/stream');
    const shared = await north.analyst.post(`/api/v1/case/${north.ids.case}/shares`, {
      shares: [{ organisation: 'south', profile: 'read-only' }],
    });
    expect(shared.status, shared.text).toBe(201);
    expect(shared.body).toEqual([
      {
        _id: expect.stringMatching(/^~\d+$/),
        _type: 'Share',
        _createdBy: north.logins.analyst,
        _createdAt: expect.any(Number),
        caseId: north.ids.case,
        profileName: 'read-only',
        organisationName: 'south',
        owner: false,
        taskRule: 'all',
        observableRule: 'all',
      },
    ]);
    const s = south.analyst;
    const kase = await s.get(`/api/v1/case/${north.ids.case}`);
    expect(kase.status).toBe(200);
    expect(kase.body.title).toBe('nrth5mark case');
    // v0 too, and lists, query, search and stats
    expect((await s.get(`/api/case/${north.ids.case}`)).status).toBe(200);
    const listed = await query(s, [{ _name: 'listCase' }]);
    expect(listed.body.map((c: { _id: string }) => c._id)).toEqual([north.ids.case]);
    const tasks = await query(s, [{ _name: 'getCase', idOrName: north.ids.case }, { _name: 'tasks' }]);
    expect(tasks.body.map((t: { _id: string }) => t._id)).toEqual([north.ids.task]);
    const logs = await query(s, [{ _name: 'getTask', idOrName: north.ids.task }, { _name: 'logs' }]);
    expect(logs.body.map((l: { _id: string }) => l._id)).toEqual([north.ids.log]);
    const obs = await query(s, [{ _name: 'getCase', idOrName: north.ids.case }, { _name: 'observables' }]);
    expect(obs.body.map((o: { _id: string }) => o._id).sort()).toEqual(
      [north.ids.observable, north.ids.fileObservable].sort(),
    );
    const count = await query(s, [{ _name: 'listCase' }, { _name: 'count' }]);
    expect(count.body).toBe(1);
    const search = await s.post('/api/case/_search', { query: { _string: 'nrth5mark' } });
    expect(search.status).toBe(200);
    expect(search.body.map((c: { _id: string }) => c._id)).toEqual([north.ids.case]);
    const stats = await s.post('/api/case/_stats', { query: {}, stats: [{ _agg: 'count' }] });
    expect(stats.body).toEqual({ count: 1 });
    expect((await s.get(`/api/v1/task/${north.ids.task}`)).status).toBe(200);
    expect((await s.get(`/api/v1/observable/${north.ids.fileObservable}`)).status).toBe(200);
    const file = await s.get(`/api/datastore/${north.ids.hash}`);
    expect(file.status).toBe(200);
    expect(file.text).toBe('nrth5mark file content north');
    const dl = await s.get(`/api/v1/attachment/${north.ids.logAttachment}/download`);
    expect(dl.status).toBe(200);
    // the case not shared stays hidden, and so do alerts
    expect((await s.get(`/api/v1/case/${north.ids.case2}`)).status).toBe(404);
    expect((await s.get(`/api/v1/alert/${north.ids.alert}`)).status).toBe(404);
    // a third organisation sees nothing
    expect((await west.analyst.get(`/api/v1/case/${north.ids.case}`)).status).toBe(404);
    expect((await query(west.analyst, [{ _name: 'listCase' }])).body).toEqual([]);
    // the stream of the partner carries the owner's changes to the shared case, not the others
    await expectOk(
      north.analyst.patch(`/api/v1/case/${north.ids.case}`, { summary: 'nrth5mark shared sum' }),
      'p',
    );
    await expectOk(
      north.analyst.patch(`/api/v1/case/${north.ids.case2}`, { summary: 'nrth5mark secret' }),
      'p2',
    );
    const seen = await pollAll(s, stream.text, (t) => t.includes('shared sum'));
    expect(seen).toContain('nrth5mark shared sum');
    expect(seen).not.toContain('nrth5mark secret');
    const flow = await s.get('/api/flow?rootId=any&count=50');
    expect(flow.status).toBe(200);
    expect(flow.text).toContain('shared sum');
    expect(flow.text).not.toContain('nrth5mark secret');
    const shares = await s.get(`/api/v1/case/${north.ids.case}/shares`);
    expect(shares.body.map((x: { organisationName: string }) => x.organisationName)).toEqual(['south']);
  });

  it('the partner cannot write: 403 on every write, nothing changed', async () => {
    const s = south.analyst;
    const before = (await north.analyst.get(`/api/v1/case/${north.ids.case}`)).body;
    const writes = [
      s.patch(`/api/v1/case/${north.ids.case}`, { title: 'hijacked' }),
      s.delete(`/api/v1/case/${north.ids.case}`),
      s.post(`/api/v1/case/${north.ids.case}/task`, { title: 'hijacked' }),
      s.patch(`/api/v1/task/${north.ids.task}`, { title: 'hijacked' }),
      s.post(`/api/v1/task/${north.ids.task}/log`, { message: 'hijacked' }),
      s.patch(`/api/v1/log/${north.ids.log}`, { message: 'hijacked' }),
      s.post(`/api/v1/case/${north.ids.case}/observable`, { dataType: 'ip', data: '10.9.9.9' }),
      s.patch(`/api/v1/observable/${north.ids.observable}`, { message: 'hijacked' }),
      s.delete(`/api/v1/observable/${north.ids.observable}`),
      s.post(`/api/v1/case/${north.ids.case}/shares`, { shares: [{ organisation: 'north' }] }),
      s.post(`/api/v1/case/${north.ids.case}/owner`, { organisation: 'south' }),
      s.post(`/api/v1/case/${north.ids.case}/access`, { access: { kind: 'restricted', users: [] } }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
    }
    const after = (await north.analyst.get(`/api/v1/case/${north.ids.case}`)).body;
    expect(after).toEqual(before);
    const tasks = await query(north.analyst, [
      { _name: 'getCase', idOrName: north.ids.case },
      { _name: 'tasks' },
    ]);
    expect(tasks.body).toHaveLength(1);
    expect(tasks.body[0].title).toBe('nrth5mark task');
  });

  it('removing the share removes access everywhere, stream included', async () => {
    const s = south.analyst;
    const stream = await s.post('/api/v1/stream');
    const res = await north.analyst.delete(`/api/v1/case/${north.ids.case}/shares`, undefined);
    expect(res.status).toBe(400); // the organisations to unshare are required
    const removed = await north.analyst.send('DELETE', `/api/v1/case/${north.ids.case}/shares`, {
      organisations: ['south'],
    });
    expect(removed.status, removed.text).toBe(204);
    await expectOk(
      north.analyst.patch(`/api/v1/case/${north.ids.case}`, { summary: 'nrth5mark after unshare' }),
      'p',
    );
    expect((await s.get(`/api/v1/case/${north.ids.case}`)).status).toBe(404);
    expect((await s.get(`/api/v1/task/${north.ids.task}`)).status).toBe(404);
    expect((await s.get(`/api/v1/observable/${north.ids.observable}`)).status).toBe(404);
    expect((await s.get(`/api/datastore/${north.ids.hash}`)).status).toBe(404);
    expect((await query(s, [{ _name: 'listCase' }])).body).toEqual([]);
    expect((await query(s, [{ _name: 'listTask' }])).body).toEqual([]);
    expect((await query(s, [{ _name: 'listObservable' }])).body).toEqual([]);
    expect((await s.post('/api/case/_search', { query: {} })).body).toEqual([]);
    const seen = await pollAll(s, stream.text, () => false, 3);
    expect(seen).not.toContain('after unshare');
    const flow = await s.get('/api/flow?rootId=any&count=50');
    expect(flow.text).not.toContain('nrth5mark');
  });
});

describe('task and observable shares, rules, owner change and access', () => {
  it('a manual share shows only the tasks and observables shared one by one', async () => {
    const shared = await north.analyst.post(`/api/v1/case/${north.ids.case}/shares`, {
      shares: [{ organisation: 'south', profile: 'analyst', taskRule: 'manual', observableRule: 'manual' }],
    });
    expect(shared.status, shared.text).toBe(201);
    const s = south.analyst;
    expect((await s.get(`/api/v1/case/${north.ids.case}`)).status).toBe(200);
    expect((await s.get(`/api/v1/task/${north.ids.task}`)).status).toBe(404);
    const add = await north.analyst.post(`/api/v1/task/${north.ids.task}/shares`, {
      organisations: ['south'],
    });
    expect(add.status, add.text).toBe(204);
    expect((await s.get(`/api/v1/task/${north.ids.task}`)).status).toBe(200);
    const taskShares = await north.analyst.get(`/api/v1/task/${north.ids.task}/shares`);
    expect(taskShares.body.map((x: { organisationName: string }) => x.organisationName)).toEqual(['south']);
    expect((await s.get(`/api/v1/observable/${north.ids.observable}`)).status).toBe(404);
    await expectOk(
      north.analyst.post(`/api/v1/observable/${north.ids.observable}/shares`, { organisations: ['south'] }),
      'obs share',
    );
    expect((await s.get(`/api/v1/observable/${north.ids.observable}`)).status).toBe(200);
    const del = await north.analyst.send('DELETE', `/api/v1/observable/${north.ids.observable}/shares`, {
      organisations: ['south'],
    });
    expect(del.status).toBe(204);
    expect((await s.get(`/api/v1/observable/${north.ids.observable}`)).status).toBe(404);
    // an item cannot be shared with an organisation the case is not shared with
    const bad = await north.analyst.post(`/api/v1/task/${north.ids.task}/shares`, {
      organisations: ['west'],
    });
    expect(bad.status).toBe(400);
    // thehive4py's observable.list_shares asks GET /case/{observableId}/shares and expects []
    const quirk = await north.analyst.get('/api/v1/case/~999999999/shares');
    expect(quirk.status).toBe(200);
    expect(quirk.body).toEqual([]);
  });

  it('tasks and observables added later follow an "all" share', async () => {
    const kase = await expectOk(
      north.analyst.post('/api/v1/case', { title: 'nrth5mark later', description: 'x' }),
      'c',
    );
    await expectOk(
      north.analyst.post(`/api/v1/case/${kase._id}/shares`, {
        shares: [{ organisation: 'south', profile: 'read-only' }],
      }),
      'share',
    );
    const task = await expectOk(
      north.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 'later task' }),
      't',
    );
    const [obs] = await expectOk(
      north.analyst.post(`/api/v1/case/${kase._id}/observable`, { dataType: 'ip', data: '10.1.2.3' }),
      'o',
    );
    expect((await south.analyst.get(`/api/v1/task/${task._id}`)).status).toBe(200);
    expect((await south.analyst.get(`/api/v1/observable/${obs._id}`)).status).toBe(200);
    // PATCH a share's profile, then delete it by id
    const shares = (await north.analyst.get(`/api/v1/case/${kase._id}/shares`)).body;
    expect(
      (await north.analyst.patch(`/api/v1/case/share/${shares[0]._id}`, { profile: 'analyst' })).status,
    ).toBe(204);
    expect((await north.analyst.get(`/api/v1/case/${kase._id}/shares`)).body[0].profileName).toBe('analyst');
    expect((await south.analyst.delete(`/api/v1/case/share/${shares[0]._id}`)).status).toBe(400);
    expect((await north.analyst.delete(`/api/v1/case/share/${shares[0]._id}`)).status).toBe(204);
    expect((await south.analyst.get(`/api/v1/task/${task._id}`)).status).toBe(404);
  });

  it('restricting a case hides it from everyone not named, in both organisations', async () => {
    const kase = await expectOk(
      north.analyst.post('/api/v1/case', { title: 'nrth5mark zzhidden case', description: 'x' }),
      'c',
    );
    const task = await expectOk(
      north.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 'secret task' }),
      't',
    );
    await expectOk(
      north.analyst.post(`/api/v1/case/${kase._id}/shares`, {
        shares: [{ organisation: 'south', profile: 'read-only' }],
      }),
      'share',
    );
    const bad = await north.analyst.post(`/api/v1/case/${kase._id}/access`, {
      access: { kind: 'restricted', users: [west.logins.analyst] },
    });
    expect(bad.status).toBe(400);
    expect((await north.readOnly.get(`/api/v1/case/${kase._id}`)).status).toBe(200);
    const restricted = await north.analyst.post(`/api/v1/case/${kase._id}/access`, {
      access: { kind: 'restricted', users: [south.logins.readOnly] },
    });
    expect(restricted.status, restricted.text).toBe(204);
    expect((await north.analyst.get(`/api/v1/case/${kase._id}`)).status).toBe(200); // the caller is kept
    expect((await north.readOnly.get(`/api/v1/case/${kase._id}`)).status).toBe(404);
    expect((await north.readOnly.get(`/api/v1/task/${task._id}`)).status).toBe(404);
    expect((await north.orgAdmin.patch(`/api/v1/case/${kase._id}`, { title: 'x' })).status).toBe(404);
    expect((await south.analyst.get(`/api/v1/case/${kase._id}`)).status).toBe(404);
    expect((await south.readOnly.get(`/api/v1/case/${kase._id}`)).status).toBe(200);
    const listed = await query(north.readOnly, [{ _name: 'listCase' }]);
    expect(listed.body.map((c: { _id: string }) => c._id)).not.toContain(kase._id);
    const search = await north.readOnly.post('/api/case/_search', { query: { _string: 'zzhidden' } });
    expect(search.body).toEqual([]);
    const open = await north.analyst.post('/api/v1/case/_bulk/access', {
      ids: [kase._id],
      access: { kind: 'public' },
    });
    expect(open.status).toBe(204);
    expect((await north.readOnly.get(`/api/v1/case/${kase._id}`)).status).toBe(200);
  });

  it('the owner hands a case over to a linked organisation, keeping a read-only share', async () => {
    const kase = await expectOk(
      north.analyst.post('/api/v1/case', { title: 'nrth5mark handed', description: 'x' }),
      'c',
    );
    await expectOk(north.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 'handed task' }), 't');
    const refused = await north.analyst.post(`/api/v1/case/${kase._id}/owner`, { organisation: 'west' });
    expect(refused.status).toBe(400);
    const moved = await north.analyst.post(`/api/v1/case/${kase._id}/owner`, {
      organisation: 'south',
      keepProfile: 'read-only',
    });
    expect(moved.status, moved.text).toBe(204);
    const now = await south.analyst.get(`/api/v1/case/${kase._id}`);
    expect(now.status).toBe(200);
    expect((await south.analyst.patch(`/api/v1/case/${kase._id}`, { summary: 'mine now' })).status).toBe(204);
    const tasks = await query(south.analyst, [{ _name: 'getCase', idOrName: kase._id }, { _name: 'tasks' }]);
    expect(tasks.body.map((t: { title: string }) => t.title)).toEqual(['handed task']);
    // the former owner reads it, and cannot change it
    expect((await north.analyst.get(`/api/v1/case/${kase._id}`)).body.summary).toBe('mine now');
    expect((await north.analyst.patch(`/api/v1/case/${kase._id}`, { summary: 'x' })).status).toBe(403);
    const shares = await south.analyst.get(`/api/v1/case/${kase._id}/shares`);
    expect(
      shares.body.map((x: { organisationName: string; profileName: string }) => [
        x.organisationName,
        x.profileName,
      ]),
    ).toEqual([['north', 'read-only']]);
  });
});
