/**
 * Writes through a share (docs/sharing.md), on SQLite and PostgreSQL: under an `analyst` share the
 * partner's analyst changes the shared case, its shared tasks and observables within the share's
 * profile; the owner sees the changes, audited with the acting organisation; what the share does
 * not lend (shares, owner, access, deletion, merge, unshared tasks, other cases) stays refused; a
 * read-only share or a partner user without the permission writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../suites/test-support/tenant-fixture.js';
import { expectOk } from '../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer({ stream: { refreshSeconds: 1 } });
let east: Tenant;
let west: OrgFixture;

beforeAll(async () => {
  east = await createTenant(server, 'east', 'east7mark');
  west = await createOrganisation(server, 'west');
  await expectOk(server.admin.put('/api/v1/organisation/east/link/west', {}), 'link');
}, 60_000);

async function share(caseId: string, profile: string, taskRule = 'all') {
  const res = await east.analyst.send('PUT', `/api/v1/case/${caseId}/shares`, {
    shares: [{ organisation: 'west', profile, taskRule, observableRule: 'all' }],
  });
  expect(res.status, res.text).toBe(200);
}

describe('writes through an analyst share', () => {
  it('the partner analyst changes the shared case, tasks, logs, observables; the owner sees it', async () => {
    await share(east.ids.case, 'analyst');
    const w = west.analyst;
    expect((await w.patch(`/api/v1/case/${east.ids.case}`, { summary: 'west summary' })).status).toBe(204);
    const task = await expectOk(w.post(`/api/v1/case/${east.ids.case}/task`, { title: 'west task' }), 'task');
    expect((await w.patch(`/api/v1/task/${east.ids.task}`, { status: 'InProgress' })).status).toBe(204);
    const log = await expectOk(w.post(`/api/v1/task/${task._id}/log`, { message: 'west log' }), 'log');
    expect((await w.patch(`/api/v1/log/${log._id}`, { message: 'west log 2' })).status).toBe(204);
    const obs = await expectOk(
      w.post(`/api/v1/case/${east.ids.case}/observable`, { dataType: 'ip', data: '10.77.0.1' }),
      'observable',
    );
    expect((await w.patch(`/api/v1/observable/${east.ids.observable}`, { ioc: true })).status).toBe(204);
    const comment = await expectOk(
      w.post(`/api/v1/case/${east.ids.case}/comment`, { message: 'west comment' }),
      'comment',
    );
    expect((await w.patch(`/api/v1/comment/${comment._id}`, { message: 'west comment 2' })).status).toBe(204);

    // the owner reads every change, as rows of its own case
    const e = east.analyst;
    expect((await e.get(`/api/v1/case/${east.ids.case}`)).body.summary).toBe('west summary');
    const tasks = await e.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: east.ids.case }, { _name: 'tasks' }],
    });
    expect(tasks.body.map((t: { title: string }) => t.title)).toContain('west task');
    expect((await e.get(`/api/v1/task/${east.ids.task}`)).body.status).toBe('InProgress');
    expect((await e.get(`/api/v1/log/${log._id}`)).body.message).toBe('west log 2');
    expect((await e.get(`/api/v1/observable/${obs[0]._id}`)).body.data).toBe('10.77.0.1');
    expect((await e.get(`/api/v1/observable/${east.ids.observable}`)).body.ioc).toBe(true);
    const comments = await e.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: east.ids.case }, { _name: 'comments' }],
    });
    expect(comments.body.map((c: { message: string }) => c.message)).toContain('west comment 2');
    // and the partner still reads what it added (new tasks and observables follow the share)
    expect((await w.get(`/api/v1/task/${task._id}`)).status).toBe(200);
    expect((await w.get(`/api/v1/observable/${obs[0]._id}`)).status).toBe(200);

    // audited with the acting organisation, in the owner's flow
    const audits = await e.post('/api/v1/query', {
      query: [{ _name: 'listAudit' }, { _name: 'filter', _eq: { _field: 'rootId', _value: east.ids.case } }],
    });
    expect(audits.status, audits.text).toBe(200);
    const byWest = audits.body.filter(
      (a: { _createdBy: string; extraData: { actingOrganisationId?: string } }) =>
        a._createdBy === west.logins.analyst,
    );
    expect(byWest.length).toBeGreaterThan(5);
    for (const a of byWest) expect(a.extraData.actingOrganisationId).toBe(`~${west.id}`);
  });

  it('what the share does not lend stays refused, nothing changed', async () => {
    const w = west.analyst;
    const before = (await east.analyst.get(`/api/v1/case/${east.ids.case}`)).body;
    for (const [res, status] of [
      [await w.post(`/api/v1/case/${east.ids.case}/shares`, { shares: [{ organisation: 'east' }] }), 403],
      [await w.post(`/api/v1/case/${east.ids.case}/owner`, { organisation: 'west' }), 403],
      [
        await w.post(`/api/v1/case/${east.ids.case}/access`, { access: { kind: 'restricted', users: [] } }),
        403,
      ],
      [await w.delete(`/api/v1/case/${east.ids.case}`), 403],
      [await w.post(`/api/case/${east.ids.case}/_merge/${east.ids.case2}`), 403],
      [await w.post(`/api/v1/case/_merge/${east.ids.case},${east.ids.case2}`), 403],
      // the owner's other case and alert stay invisible
      [await w.patch(`/api/v1/case/${east.ids.case2}`, { summary: 'x' }), 404],
      [await w.patch(`/api/v1/alert/${east.ids.alert}`, { title: 'x' }), 404],
    ] as const) {
      expect(res.status, res.text).toBe(status);
    }
    expect((await east.analyst.get(`/api/v1/case/${east.ids.case}`)).body).toEqual(before);
    // the partner's read-only user has no permission to lend
    expect((await west.readOnly.patch(`/api/v1/case/${east.ids.case}`, { summary: 'ro' })).status).toBe(403);
  });

  it('a task the share leaves out cannot be written', async () => {
    const kase = await expectOk(
      east.analyst.post('/api/v1/case', { title: 'east7mark manual', description: 'd' }),
      'c',
    );
    const hidden = await expectOk(
      east.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 'not shared' }),
      't',
    );
    await share(kase._id, 'analyst', 'manual');
    expect((await west.analyst.patch(`/api/v1/task/${hidden._id}`, { title: 'x' })).status).toBe(404);
    expect((await west.analyst.patch(`/api/v1/case/${kase._id}`, { summary: 'ok' })).status).toBe(204);
  });

  it('asks an organisation to act on a task, which marks it done (thehive4py task.set_as_required/done)', async () => {
    const task = east.ids.task;
    const required = await east.analyst.put(`/api/v1/task/${task}/actionRequired/west`);
    expect(required.status, required.text).toBe(204);
    expect((await west.analyst.get(`/api/v1/task/${task}/actionRequired`)).body).toEqual({
      east: false,
      west: true,
    });
    const waiting = async () =>
      (
        await west.analyst.post('/api/v1/query', {
          query: [
            { _name: 'getTask', idOrName: task },
            { _name: 'page', from: 0, to: 1, extraData: ['actionRequired'] },
          ],
        })
      ).body[0].extraData.actionRequired;
    expect(await waiting()).toBe(true);
    expect((await west.analyst.put(`/api/v1/task/${task}/actionDone/west`)).status).toBe(204);
    expect(await waiting()).toBe(false);
    expect((await east.analyst.get(`/api/v1/task/${task}/actionRequired`)).body).toEqual({
      east: false,
      west: false,
    });
    const unknown = await east.analyst.put(`/api/v1/task/${task}/actionRequired/nowhere`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('nowhere');
    expect((await east.readOnly.put(`/api/v1/task/${task}/actionRequired/west`)).status).toBe(403);
  });

  it('under a read-only share every write is 403', async () => {
    await share(east.ids.case, 'read-only');
    const w = west.analyst;
    for (const res of [
      await w.patch(`/api/v1/case/${east.ids.case}`, { summary: 'ro' }),
      await w.post(`/api/v1/case/${east.ids.case}/task`, { title: 'ro' }),
      await w.patch(`/api/v1/task/${east.ids.task}`, { title: 'ro' }),
      await w.patch(`/api/v1/observable/${east.ids.observable}`, { ioc: false }),
      await w.post(`/api/v1/case/${east.ids.case}/comment`, { message: 'ro' }),
      await w.put(`/api/v1/task/${east.ids.task}/actionDone/west`),
    ]) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
    }
    expect((await east.analyst.get(`/api/v1/case/${east.ids.case}`)).body.summary).toBe('west summary');
  });
});
