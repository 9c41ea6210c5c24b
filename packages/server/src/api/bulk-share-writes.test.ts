/**
 * Bulk writes through shares and "tasks waiting for me", with two linked organisations, on SQLite
 * and PostgreSQL: `PATCH /case/_bulk`, `/task/_bulk`, `/observable/_bulk` (v1 and v0) and
 * `POST /procedure/delete/_bulk` apply the rules of the single-object routes (an analyst share
 * writes and is audited with the acting organisation, a read-only share writes nothing); the query
 * field `actionRequired` lists the tasks and cases an organisation is asked to act on, shared ones
 * included, and `actionRequiredMap` tells it per organisation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
let east: OrgFixture;
let west: OrgFixture;

beforeAll(async () => {
  east = await createOrganisation(server, 'bulk-east');
  west = await createOrganisation(server, 'bulk-west');
  await expectOk(server.admin.put('/api/v1/organisation/bulk-east/link/bulk-west', {}), 'link');
}, 60_000);

async function sharedCase(title: string, profile: string) {
  const kase = await expectOk(east.analyst.post('/api/v1/case', { title, description: 'd' }), 'case');
  const task = await expectOk(
    east.analyst.post(`/api/v1/case/${kase._id}/task`, { title: `${title} t` }),
    't',
  );
  const [obs] = await expectOk(
    east.analyst.post(`/api/v1/case/${kase._id}/observable`, {
      dataType: 'domain',
      data: `${title}.example`,
    }),
    'o',
  );
  const res = await east.analyst.put(`/api/v1/case/${kase._id}/shares`, {
    shares: [{ organisation: 'bulk-west', profile, taskRule: 'all', observableRule: 'all' }],
  });
  expect(res.status, res.text).toBe(200);
  return { kase, task, obs };
}

const audits = async (caseId: string) =>
  (
    await east.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAudit' }, { _name: 'filter', _eq: { _field: 'rootId', _value: caseId } }],
    })
  ).body as Array<{ _createdBy: string; objectType: string; extraData: { actingOrganisationId?: string } }>;

describe('bulk writes through shares', () => {
  it('an analyst share lends the bulk routes, mixed with the partner own objects', async () => {
    const shared = await sharedCase('bulkshared', 'analyst');
    const own = await expectOk(
      west.analyst.post('/api/v1/case', { title: 'west own', description: 'd' }),
      'c',
    );
    const ownTask = await expectOk(
      west.analyst.post(`/api/v1/case/${own._id}/task`, { title: 'own t' }),
      't',
    );
    const w = west.analyst;
    const cases = await w.patch('/api/v1/case/_bulk', { ids: [shared.kase._id, own._id], severity: 3 });
    expect(cases.status, cases.text).toBe(204);
    const tasks = await w.patch('/api/v1/task/_bulk', {
      ids: [shared.task._id, ownTask._id],
      status: 'InProgress',
      assignee: west.logins.analyst,
    });
    // a partner user cannot be assigned a task of the owner: the owner's users only
    expect(tasks.status, tasks.text).toBe(400);
    expect(
      (await w.patch('/api/v1/task/_bulk', { ids: [shared.task._id, ownTask._id], status: 'InProgress' }))
        .status,
    ).toBe(204);
    const obs = await w.patch('/api/v1/observable/_bulk', { ids: [shared.obs._id], ioc: true });
    expect(obs.status, obs.text).toBe(204);
    const v0 = await w.patch('/api/case/artifact/_bulk', { ids: [shared.obs._id], sighted: true });
    expect(v0.status, v0.text).toBe(200);
    expect(v0.body[0]).toMatchObject({ sighted: true, ioc: true });
    const v0cases = await w.patch('/api/case/_bulk', { ids: [shared.kase._id], flag: true });
    expect(v0cases.status, v0cases.text).toBe(200);

    const e = east.analyst;
    expect((await e.get(`/api/v1/case/${shared.kase._id}`)).body).toMatchObject({ severity: 3, flag: true });
    expect((await e.get(`/api/v1/task/${shared.task._id}`)).body.status).toBe('InProgress');
    expect((await e.get(`/api/v1/observable/${shared.obs._id}`)).body).toMatchObject({
      ioc: true,
      sighted: true,
    });
    expect((await w.get(`/api/v1/case/${own._id}`)).body.severity).toBe(3);
    expect((await w.get(`/api/v1/task/${ownTask._id}`)).body.status).toBe('InProgress');
    // audited in the owner's case with the acting organisation
    const byWest = (await audits(shared.kase._id)).filter((a) => a._createdBy === west.logins.analyst);
    expect(new Set(byWest.map((a) => a.objectType))).toEqual(new Set(['Case', 'Task', 'Observable']));
    for (const a of byWest) expect(a.extraData.actingOrganisationId).toBe(`~${west.id}`);

    // procedures of the shared case, deleted in bulk through the share
    await expectOk(
      server.admin.post('/api/v1/pattern/import/attack', {
        type: 'bundle',
        objects: [
          {
            type: 'attack-pattern',
            id: 'attack-pattern--bulk',
            name: 'Bulk technique',
            external_references: [{ source_name: 'mitre-attack', external_id: 'T9901' }],
          },
        ],
      }),
      'patterns',
    );
    const proc = await e.post(`/api/v1/case/${shared.kase._id}/procedure`, {
      patternId: 'T9901',
      occurDate: Date.now(),
      tactic: 'initial-access',
    });
    expect(proc.status, proc.text).toBe(201);
    const del = await w.post('/api/v1/procedure/delete/_bulk', { ids: [proc.body._id] });
    expect(del.status, del.text).toBe(204);
    expect((await e.get(`/api/v1/procedure/${proc.body._id}`)).status).toBe(404);
  });

  it('a bulk request is one transaction: an item failing in a shared case undoes the own ones', async () => {
    const shared = await sharedCase('bulkatomic', 'analyst');
    const readOnly = await sharedCase('bulkatomicro', 'read-only');
    const w = west.analyst;
    const own = await expectOk(
      w.post('/api/v1/case', { title: 'west atomic', description: 'd', severity: 1 }),
      'c',
    );
    const ownTask = await expectOk(w.post(`/api/v1/case/${own._id}/task`, { title: 'atomic t' }), 't');
    const [ownObs] = await expectOk(
      w.post(`/api/v1/case/${own._id}/observable`, { dataType: 'domain', data: 'atomic-own.example' }),
      'o',
    );
    // the own task comes first and is valid; the shared one refuses the partner's user as assignee
    const tasks = await w.patch('/api/v1/task/_bulk', {
      ids: [ownTask._id, shared.task._id],
      status: 'InProgress',
      assignee: west.logins.analyst,
    });
    expect(tasks.status, tasks.text).toBe(400);
    expect(tasks.body.message).toContain(shared.task._id);
    expect((await w.get(`/api/v1/task/${ownTask._id}`)).body).toMatchObject({ status: 'Waiting' });
    expect((await w.get(`/api/v1/task/${ownTask._id}`)).body.assignee).toBeUndefined();
    expect((await east.analyst.get(`/api/v1/task/${shared.task._id}`)).body.status).toBe('Waiting');
    // own + analyst-shared + read-only-shared: refused naming the read-only item, nothing changed
    const cases = await w.patch('/api/v1/case/_bulk', {
      ids: [own._id, shared.kase._id, readOnly.kase._id],
      severity: 4,
    });
    expect(cases.status, cases.text).toBe(403);
    expect(cases.body.message).toContain(readOnly.kase._id);
    const observables = await w.patch('/api/v1/observable/_bulk', {
      ids: [ownObs._id, shared.obs._id, readOnly.obs._id],
      ioc: true,
    });
    expect(observables.status, observables.text).toBe(403);
    expect((await w.get(`/api/v1/case/${own._id}`)).body.severity).toBe(1);
    expect((await east.analyst.get(`/api/v1/case/${shared.kase._id}`)).body.severity).not.toBe(4);
    expect((await w.get(`/api/v1/observable/${ownObs._id}`)).body.ioc).toBe(false);
    expect((await east.analyst.get(`/api/v1/observable/${shared.obs._id}`)).body.ioc).toBe(false);
    // the same request without the read-only item is applied to all, own and shared
    const ok = await w.patch('/api/v1/case/_bulk', { ids: [own._id, shared.kase._id], severity: 4 });
    expect(ok.status, ok.text).toBe(204);
    expect((await w.get(`/api/v1/case/${own._id}`)).body.severity).toBe(4);
    expect((await east.analyst.get(`/api/v1/case/${shared.kase._id}`)).body.severity).toBe(4);
  });

  it('a read-only share writes nothing in bulk, own objects of the same request included', async () => {
    const shared = await sharedCase('bulkreadonly', 'read-only');
    const own = await expectOk(
      west.analyst.post('/api/v1/case', { title: 'west own 2', description: 'd' }),
      'c',
    );
    const before = (await east.analyst.get(`/api/v1/case/${shared.kase._id}`)).body;
    const w = west.analyst;
    for (const res of [
      await w.patch('/api/v1/case/_bulk', { ids: [own._id, shared.kase._id], severity: 4 }),
      await w.patch('/api/v1/task/_bulk', { ids: [shared.task._id], title: 'ro' }),
      await w.patch('/api/v1/observable/_bulk', { ids: [shared.obs._id], ioc: true }),
      await w.patch('/api/case/_bulk', { ids: [shared.kase._id], flag: true }),
      await w.patch('/api/case/artifact/_bulk', { ids: [shared.obs._id], ioc: true }),
    ]) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
    }
    expect((await east.analyst.get(`/api/v1/case/${shared.kase._id}`)).body).toEqual(before);
    expect((await east.analyst.get(`/api/v1/task/${shared.task._id}`)).body.title).toBe('bulkreadonly t');
    expect((await east.analyst.get(`/api/v1/observable/${shared.obs._id}`)).body.ioc).toBe(false);
    expect((await w.get(`/api/v1/case/${own._id}`)).body.severity).not.toBe(4);
    // the partner's read-only user has no permission even under an analyst share
    const lent = await sharedCase('bulkreader', 'analyst');
    expect(
      (await west.readOnly.patch('/api/v1/case/_bulk', { ids: [lent.kase._id], severity: 1 })).status,
    ).toBe(403);
  });
});

describe('tasks waiting for my organisation', () => {
  it('filters tasks and cases on actionRequired, shared ones included, with actionRequiredMap', async () => {
    const shared = await sharedCase('waitingshared', 'analyst');
    const other = await expectOk(
      east.analyst.post(`/api/v1/case/${shared.kase._id}/task`, { title: 'nobody' }),
      't',
    );
    const own = await expectOk(
      west.analyst.post('/api/v1/case', { title: 'west waiting', description: 'd' }),
      'c',
    );
    const mandatory = await expectOk(
      west.analyst.post(`/api/v1/case/${own._id}/task`, { title: 'west mandatory', mandatory: true }),
      't',
    );
    expect((await east.analyst.put(`/api/v1/task/${shared.task._id}/actionRequired/bulk-west`)).status).toBe(
      204,
    );
    const waiting = async (client = west.analyst) => {
      const res = await client.post('/api/v1/query', {
        query: [
          { _name: 'listTask' },
          { _name: 'filter', _field: 'actionRequired', _value: true },
          { _name: 'sort', _fields: [{ title: 'asc' }] },
          { _name: 'page', from: 0, to: 50, extraData: ['actionRequired', 'actionRequiredMap'] },
        ],
      });
      expect(res.status, res.text).toBe(200);
      return res.body as Array<{ _id: string; title: string; extraData: Record<string, unknown> }>;
    };
    const mine = await waiting();
    expect(mine.map((t) => t.title)).toEqual(['waitingshared t', 'west mandatory']);
    expect(mine.map((t) => t._id)).not.toContain(other._id);
    expect(mine[0]!.extraData).toEqual({
      actionRequired: true,
      actionRequiredMap: { 'bulk-east': false, 'bulk-west': true },
    });
    expect(mine[1]!.extraData).toEqual({ actionRequired: true, actionRequiredMap: { 'bulk-west': false } });
    expect(mine.map((t) => t._id)).toContain(mandatory._id);
    // the owner is not waited for on the shared task
    expect((await waiting(east.analyst)).map((t) => t.title)).not.toContain('waitingshared t');
    // the cases that wait for me, and the negation
    const cases = await west.analyst.post('/api/v1/query', {
      query: [{ _name: 'listCase' }, { _name: 'filter', _field: 'actionRequired', _value: true }],
    });
    expect(cases.status, cases.text).toBe(200);
    expect(cases.body.map((c: { _id: string }) => c._id).sort()).toEqual([shared.kase._id, own._id].sort());
    const notWaiting = await west.analyst.post('/api/v1/query', {
      query: [
        { _name: 'getCase', idOrName: shared.kase._id },
        { _name: 'tasks' },
        { _name: 'filter', _not: { _field: 'actionRequired', _value: true } },
      ],
    });
    expect(notWaiting.body.map((t: { title: string }) => t.title)).toEqual(['nobody']);
    // done: no longer waiting
    expect((await west.analyst.put(`/api/v1/task/${shared.task._id}/actionDone/bulk-west`)).status).toBe(204);
    expect((await waiting()).map((t) => t.title)).toEqual(['west mandatory']);
    // a per-caller value cannot be sorted on
    const sorted = await west.analyst.post('/api/v1/query', {
      query: [{ _name: 'listTask' }, { _name: 'sort', _fields: [{ actionRequired: 'asc' }] }],
    });
    expect(sorted.status).toBe(400);
    expect(sorted.body.message).toContain('actionRequired');
  });
});
