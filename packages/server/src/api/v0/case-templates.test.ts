/**
 * Case templates through v0, as thehive4py 1.x sends them (create_case_template with a v0
 * custom-field map and tasks with `owner`; find/get through _search), TLP on the 0–3 scale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('v0 case templates', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');
  beforeAll(async () => {
    for (const f of [
      { name: 'seen', type: 'date' },
      { name: 'owner', type: 'string' },
      { name: 'confirmed', type: 'boolean' },
      { name: 'hits', type: 'integer' },
      { name: 'score', type: 'float' },
    ]) {
      expect((await server.admin.post('/api/v1/customField', { ...f, description: f.name })).status).toBe(
        201,
      );
    }
  });

  it('creates a template as thehive4py 1.x does and renders it the v0 way', async () => {
    const created = await soc.orgAdmin.post('/api/case/template', {
      customFields: {
        seen: { order: 0, date: 1_700_000_000_000 },
        owner: { order: 1, string: 'x' },
        confirmed: { order: 2, boolean: true },
        hits: { order: 3, number: 2 },
        score: { order: 4, float: 2.5 },
      },
      description: 'Template from thehive4py',
      flag: false,
      metrics: {},
      name: 'py-template',
      pap: 2,
      severity: 2,
      tags: ['py'],
      tasks: [
        {
          id: null,
          title: 'First',
          status: 'Waiting',
          flag: false,
          description: 'do it',
          owner: soc.logins.analyst,
          startDate: null,
          group: 'default',
        },
        {
          id: null,
          title: 'Second',
          status: 'Waiting',
          flag: true,
          description: null,
          owner: null,
          group: 'g2',
        },
      ],
      titlePrefix: '[PY]',
      tlp: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'caseTemplate',
      name: 'py-template',
      displayName: 'py-template',
      titlePrefix: '[PY]',
      description: 'Template from thehive4py',
      severity: 2,
      tags: ['py'],
      flag: false,
      tlp: 3,
      pap: 2,
      status: 'Ok',
      metrics: {},
      createdBy: soc.logins.orgAdmin,
    });
    expect(created.body.id).toBe(created.body._id);
    expect(created.body.tasks).toEqual([
      {
        title: 'First',
        group: 'default',
        description: 'do it',
        status: 'Waiting',
        flag: false,
        order: 0,
        owner: soc.logins.analyst,
      },
      { title: 'Second', group: 'g2', description: '', status: 'Waiting', flag: true, order: 1 },
    ]);
    const cf = created.body.customFields;
    expect(Object.keys(cf)).toEqual(['seen', 'owner', 'confirmed', 'hits', 'score']);
    expect(cf.seen).toEqual({ date: 1_700_000_000_000, order: 0 });
    expect(cf.owner).toEqual({ string: 'x', order: 1 });
    expect(cf.confirmed).toEqual({ boolean: true, order: 2 });
    // integer and float show as TheHive 3's `number` (the core model's v0 type key)
    expect(cf.hits).toEqual({ number: 2, order: 3 });
    expect(cf.score).toEqual({ number: 2.5, order: 4 });

    // v0 TLP 3 (RED) is stored as RED (4) and shown as 4 in v1
    const v1 = await soc.orgAdmin.get('/api/v1/caseTemplate/py-template');
    expect(v1.body).toMatchObject({ tlp: 4, tlpLabel: 'RED' });
  });

  it('finds templates the ways thehive4py 1.x asks', async () => {
    await soc.orgAdmin.post('/api/case/template', { name: 'second', tlp: 2 });
    // get_case_template, TheHive 4 form
    const v4 = await soc.analyst.post('/api/case/template/_search', {
      query: { _field: 'name', _value: 'py-template' },
    });
    expect(v4.status).toBe(200);
    expect(v4.body.map((t: { name: string }) => t.name)).toEqual(['py-template']);
    // get_case_template, TheHive 3 form
    const v3 = await soc.analyst.post('/api/case/template/_search', {
      query: {
        _and: [
          { _field: 'name', _value: 'second' },
          { _field: 'status', _value: 'Ok' },
        ],
      },
    });
    expect(v3.body.map((t: { name: string }) => t.name)).toEqual(['second']);
    // find_case_templates
    const all = await soc.analyst.post('/api/case/template/_search?range=all&nparent=0', { query: {} });
    expect(all.body.map((t: { name: string }) => t.name)).toEqual(['py-template', 'second']);
    expect(all.headers.get('x-total')).toBe('2');
    const str = await soc.analyst.post('/api/case/template/_search', { query: { _string: 'name:second' } });
    expect(str.body.map((t: { name: string }) => t.name)).toEqual(['second']);
    const none = await soc.analyst.post('/api/case/template/_search', {
      query: { _field: 'name', _value: 'absent' },
    });
    expect(none.body).toEqual([]);
    const listed = await soc.analyst.get('/api/case/template');
    expect(listed.body).toHaveLength(2);
    // another organisation sees none of them
    expect((await other.analyst.post('/api/case/template/_search', { query: {} })).body).toEqual([]);
  });

  it('reads, updates and deletes by id or name', async () => {
    const byName = await soc.analyst.get('/api/case/template/second');
    expect(byName.status).toBe(200);
    const updated = await soc.orgAdmin.patch(`/api/case/template/${byName.body._id}`, {
      tlp: 3,
      description: 'now described',
      customFields: { owner: { string: 'y', order: 0 } },
      status: 'Ok',
      metrics: {},
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      tlp: 3,
      description: 'now described',
      customFields: { owner: { string: 'y', order: 0 } },
    });
    expect((await other.orgAdmin.get(`/api/case/template/${byName.body._id}`)).status).toBe(404);
    expect((await other.orgAdmin.delete(`/api/case/template/${byName.body._id}`)).status).toBe(404);
    expect((await soc.readOnly.post('/api/case/template', { name: 'ro' })).status).toBe(403);
    expect((await soc.readOnly.delete('/api/case/template/second')).status).toBe(403);
    expect((await soc.orgAdmin.delete('/api/case/template/second')).status).toBe(204);
    expect((await soc.analyst.get('/api/case/template/second')).status).toBe(404);
  });
});
