/**
 * TheHive 5 behaviours (issue 12 item 16), each shown with a thehive4py 2.x-style call sequence on
 * SQLite and PostgreSQL: lenient `url` data, `dataType` changed by PATCH (one and bulk),
 * `PATCH /case/_bulk` and every field of `PATCH /task/_bulk`, an object read back equal to the
 * object created (no extraData unless asked), a cleared `summary` absent, `PUT /user/{id}/organisations`
 * with the admin organisation, `access` on case outputs, v0 alert `_search` on `artifacts.data` / `artifacts.dataType`, and
 * the API key kept hashed (explained by `GET /user/{id}/key`).
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('TheHive 5 behaviours', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'th5');

  it('accepts a url without scheme as given (observable.create_in_case)', async () => {
    const c = await createCase(soc.analyst);
    const res = await soc.analyst.post(`/api/v1/case/${c._id}/observable`, {
      dataType: 'url',
      data: 'example.org',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body[0]).toMatchObject({ dataType: 'url', data: 'example.org' });
    expect(
      (await soc.analyst.post(`/api/v1/case/${c._id}/observable`, { dataType: 'url', data: 'two words' }))
        .status,
    ).toBe(400);
  });

  it('changes dataType with PATCH /observable/{id} and /observable/_bulk (observable.update, bulk_update)', async () => {
    const c = await createCase(soc.analyst);
    const created = await expectOk(
      soc.analyst.post(`/api/v1/case/${c._id}/observable`, {
        dataType: 'domain',
        data: ['a.example.net', 'b.example.net'],
      }),
      'observables',
    );
    const [a, b] = created as Array<{ _id: string }>;
    expect((await soc.analyst.patch(`/api/v1/observable/${a!._id}`, { dataType: 'fqdn' })).status).toBe(204);
    expect((await soc.analyst.get(`/api/v1/observable/${a!._id}`)).body).toMatchObject({
      dataType: 'fqdn',
      data: 'a.example.net',
    });
    const bulk = await soc.analyst.patch('/api/v1/observable/_bulk', {
      ids: [a!._id, b!._id],
      dataType: 'hostname',
      ioc: true,
    });
    expect(bulk.status, bulk.text).toBe(204);
    for (const o of [a!, b!])
      expect((await soc.analyst.get(`/api/v1/observable/${o._id}`)).body).toMatchObject({
        dataType: 'hostname',
        ioc: true,
      });
    // audited as a change of dataType
    const audits = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'listAudit' }, { _name: 'filter', _eq: { _field: 'objectId', _value: b!._id } }],
    });
    expect(JSON.stringify(audits.body)).toContain('"dataType":"hostname"');
    // a file type and a value type cannot be exchanged; a twin value is refused, nothing changed
    const file = await soc.analyst.patch(`/api/v1/observable/${a!._id}`, { dataType: 'file' });
    expect(file.status).toBe(400);
    const [twin] = await expectOk(
      soc.analyst.post(`/api/v1/case/${c._id}/observable`, { dataType: 'domain', data: 'a.example.net' }),
      'twin',
    );
    const clash = await soc.analyst.patch(`/api/v1/observable/${twin._id}`, { dataType: 'hostname' });
    expect(clash.status, clash.text).toBe(400);
    expect(clash.body.message).toContain('merge');
    expect((await soc.analyst.get(`/api/v1/observable/${twin._id}`)).body.dataType).toBe('domain');
    // the v0 face too (TheHive 4 PATCH /api/case/artifact/_bulk)
    const v0 = await soc.analyst.patch('/api/case/artifact/_bulk', { ids: [twin._id], dataType: 'fqdn' });
    expect(v0.status, v0.text).toBe(200);
    expect(v0.body[0].dataType).toBe('fqdn');
  });

  it('applies every field of PATCH /case/_bulk and /task/_bulk (case.bulk_update, task.bulk_update)', async () => {
    const c1 = await createCase(soc.analyst);
    const c2 = await createCase(soc.analyst);
    const cases = await soc.analyst.patch('/api/v1/case/_bulk', {
      ids: [c1._id, c2._id],
      severity: 4,
      tlp: 3,
      pap: 1,
      flag: true,
      tags: ['bulk'],
      assignee: soc.logins.analyst,
      status: 'InProgress',
    });
    expect(cases.status, cases.text).toBe(204);
    for (const c of [c1, c2])
      expect((await soc.analyst.get(`/api/v1/case/${c._id}`)).body).toMatchObject({
        severity: 4,
        tlp: 3,
        pap: 1,
        flag: true,
        tags: ['bulk'],
        assignee: soc.logins.analyst,
        status: 'InProgress',
      });
    const t1 = await expectOk(soc.analyst.post(`/api/v1/case/${c1._id}/task`, { title: 't1' }), 't1');
    const t2 = await expectOk(soc.analyst.post(`/api/v1/case/${c2._id}/task`, { title: 't2' }), 't2');
    const fields = {
      title: 'same',
      description: 'described',
      group: 'grp',
      order: 7,
      flag: true,
      dueDate: 1_900_000_000_000,
      mandatory: true,
      assignee: soc.logins.analyst,
      status: 'InProgress',
    };
    expect((await soc.analyst.patch('/api/v1/task/_bulk', { ids: [t1._id, t2._id], ...fields })).status).toBe(
      204,
    );
    for (const t of [t1, t2])
      expect((await soc.analyst.get(`/api/v1/task/${t._id}`)).body).toMatchObject(fields);
  });

  it('reads an object back as it was created, and a cleared summary as absent', async () => {
    const created = await expectOk(
      soc.analyst.post('/api/v1/case', { title: 'read back', description: 'd', summary: 's' }),
      'c',
    );
    const read = (await soc.analyst.get(`/api/v1/case/${created._id}`)).body;
    expect(read).toEqual(created);
    expect(read.extraData).toEqual({});
    // extraData only when asked, through the query language
    const asked = await soc.analyst.post('/api/v1/query', {
      query: [
        { _name: 'getCase', idOrName: created._id },
        { _name: 'page', from: 0, to: 1, extraData: ['taskStats'] },
      ],
    });
    expect(Object.keys(asked.body[0].extraData)).toEqual(['taskStats']);
    expect((await soc.analyst.patch(`/api/v1/case/${created._id}`, { summary: '' })).status).toBe(204);
    const cleared = (await soc.analyst.get(`/api/v1/case/${created._id}`)).body;
    expect('summary' in cleared).toBe(false);
    const alert = await postAlert(soc.analyst, { summary: 'x' });
    expect((await soc.analyst.get(`/api/v1/alert/${alert._id}`)).body).toEqual(alert);
  });

  it('carries access on case outputs (case.get after set_access)', async () => {
    const created = await createCase(soc.analyst);
    expect(created.access).toEqual({ kind: 'public' });
    const restricted = await soc.analyst.post(`/api/v1/case/${created._id}/access`, {
      access: { kind: 'restricted', users: [soc.logins.orgAdmin] },
    });
    expect(restricted.status, restricted.text).toBe(204);
    const read = (await soc.analyst.get(`/api/v1/case/${created._id}`)).body;
    expect(read.access).toEqual({
      kind: 'restricted',
      users: [soc.logins.analyst, soc.logins.orgAdmin].sort(),
    });
    const listed = await soc.analyst.post('/api/v1/query', {
      query: [{ _name: 'getCase', idOrName: created._id }],
    });
    expect(listed.body[0].access).toEqual(read.access);
    // what was read can be sent back as it is
    expect(
      (await soc.analyst.post(`/api/v1/case/${created._id}/access`, { access: { kind: 'public' } })).status,
    ).toBe(204);
    expect((await soc.analyst.get(`/api/v1/case/${created._id}`)).body.access).toEqual({ kind: 'public' });
  });

  it('lets the admin give every organisation it administers, admin included (user.set_organisations)', async () => {
    const res = await server.admin.put(`/api/v1/user/${soc.logins.orgAdmin}/organisations`, {
      organisations: [
        { organisation: 'th5', profile: 'org-admin', default: true },
        { organisation: 'admin', profile: 'admin' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.organisations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisation: 'admin', profile: 'admin' }),
        expect.objectContaining({ organisation: 'th5', profile: 'org-admin', default: true }),
      ]),
    );
    // an organisation admin cannot hand out the admin organisation
    const refused = await soc.orgAdmin.put(`/api/v1/user/${soc.logins.analyst}/organisations`, {
      organisations: [{ organisation: 'admin', profile: 'admin' }],
    });
    expect([403, 404]).toContain(refused.status);
  });

  it('searches v0 alerts by their observables, artifacts.data and artifacts.dataType (TheHive 3)', async () => {
    const hit = await postAlert(soc.analyst, { observables: [{ dataType: 'ip', data: '198.51.100.77' }] });
    await postAlert(soc.analyst, { observables: [{ dataType: 'domain', data: 'other.example' }] });
    const byData = await soc.analyst.post('/api/alert/_search', {
      query: { 'artifacts.data': '198.51.100.77' },
    });
    expect(byData.status, byData.text).toBe(200);
    expect(byData.body.map((a: { _id: string }) => a._id)).toEqual([hit._id]);
    const byBoth = await soc.analyst.post('/api/alert/_search', {
      query: { _and: [{ 'artifacts.dataType': 'ip' }, { 'artifacts.data': '198.51.100.77' }] },
    });
    expect(byBoth.body.map((a: { _id: string }) => a._id)).toEqual([hit._id]);
    const none = await soc.analyst.post('/api/alert/_search', { query: { 'artifacts.data': '203.0.113.1' } });
    expect(none.body).toEqual([]);
  });

  it('keeps API keys hashed and says so (user.get_apikey)', async () => {
    const res = await soc.orgAdmin.get(`/api/v1/user/${soc.logins.analyst}/key`);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('hashed');
    expect(res.body.message).toContain('renew');
  });
});
