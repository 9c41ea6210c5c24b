/**
 * Case templates through v1, as thehive4py 2.x sends them (case_template.create with tasks and
 * custom fields), their permissions, and tenancy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTemplate } from '../../domain/case-templates/read-case-templates.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('v1 case templates', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');
  beforeAll(async () => {
    for (const f of [
      { name: 'owner', type: 'string' },
      { name: 'score', type: 'float' },
      { name: 'level', type: 'string', options: ['low', 'high'] },
    ]) {
      expect((await server.admin.post('/api/v1/customField', { ...f, description: f.name })).status).toBe(
        201,
      );
    }
  });

  it('creates a template with tasks and custom fields, and reads it by id and name', async () => {
    const created = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'phishing',
      displayName: 'Phishing',
      titlePrefix: '[PHISH]',
      description: 'Phishing investigation',
      severity: 3,
      tags: ['phishing', 'mail'],
      flag: true,
      tlp: 4,
      pap: 1,
      summary: 'none yet',
      tasks: [
        { title: 'Collect headers', group: 'analysis', description: 'from the user', mandatory: true },
        { title: 'Block sender', group: 'containment', order: 5, assignee: soc.logins.analyst },
      ],
      customFields: [
        { name: 'owner', value: 'soc', order: 1 },
        { name: 'score', value: null, order: 2 },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'CaseTemplate',
      name: 'phishing',
      displayName: 'Phishing',
      titlePrefix: '[PHISH]',
      description: 'Phishing investigation',
      severity: 3,
      severityLabel: 'HIGH',
      tags: ['phishing', 'mail'],
      flag: true,
      tlp: 4,
      tlpLabel: 'RED',
      pap: 1,
      summary: 'none yet',
      extraData: {},
      _createdBy: soc.logins.orgAdmin,
    });
    expect(created.body.tasks).toEqual([
      {
        title: 'Collect headers',
        group: 'analysis',
        description: 'from the user',
        status: 'Waiting',
        flag: false,
        order: 0,
        mandatory: true,
      },
      {
        title: 'Block sender',
        group: 'containment',
        status: 'Waiting',
        flag: false,
        order: 5,
        mandatory: false,
        assignee: soc.logins.analyst,
      },
    ]);
    expect(created.body.customFields).toMatchObject([
      { name: 'owner', type: 'string', value: 'soc', order: 1, description: 'owner' },
      { name: 'score', type: 'float', value: null, order: 2 },
    ]);
    expect(created.body.customFields[0]._id).toMatch(/^~\d+$/);

    const byId = await soc.analyst.get(`/api/v1/caseTemplate/${created.body._id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.name).toBe('phishing');
    const byName = await soc.readOnly.get('/api/v1/caseTemplate/phishing');
    expect(byName.body._id).toBe(created.body._id);
    const list = await soc.analyst.get('/api/v1/caseTemplate');
    expect(list.body.map((t: { name: string }) => t.name)).toEqual(['phishing']);
  });

  it('takes custom fields as an object too, and checks them', async () => {
    const ok = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'object-form',
      customFields: { owner: 'me', level: 'low' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.customFields.map((v: { name: string; value: unknown }) => [v.name, v.value])).toEqual([
      ['owner', 'me'],
      ['level', 'low'],
    ]);
    const unknown = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'bad',
      customFields: { nope: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('customFields.nope: unknown custom field');
    const option = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'bad',
      customFields: { level: 'medium' },
    });
    expect(option.status).toBe(400);
    expect(option.body.message).toContain('customFields.level');
    const type = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'bad',
      customFields: { score: 'high' },
    });
    expect(type.status).toBe(400);
    expect(type.body.message).toContain('customFields.score');
    expect((await soc.orgAdmin.get('/api/v1/caseTemplate/bad')).status).toBe(404);
  });

  it('validates the template fields', async () => {
    const noName = await soc.orgAdmin.post('/api/v1/caseTemplate', { displayName: 'x' });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toContain('name');
    const severity = await soc.orgAdmin.post('/api/v1/caseTemplate', { name: 's', severity: 9 });
    expect(severity.status).toBe(400);
    expect(severity.body.message).toContain('severity');
    const task = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 's',
      tasks: [{ title: 'ok' }, { title: '' }],
    });
    expect(task.status).toBe(400);
    expect(task.body.message).toContain('tasks[1].title');
    const assignee = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 's',
      tasks: [{ title: 'ok', assignee: other.logins.analyst }],
    });
    expect(assignee.status).toBe(400);
    expect(assignee.body.message).toContain('tasks[0].assignee');
    const duplicate = await soc.orgAdmin.post('/api/v1/caseTemplate', { name: 'phishing' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.type).toBe('ConflictError');
  });

  it('updates and deletes a template', async () => {
    const created = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'malware',
      tasks: [{ title: 'one' }],
      customFields: { owner: 'a' },
    });
    const patched = await soc.orgAdmin.patch(`/api/v1/caseTemplate/${created.body._id}`, {
      name: 'malware-v2',
      tlp: 1,
      tasks: [{ title: 'two' }, { title: 'three' }],
      customFields: [{ name: 'score', value: 5.5 }],
    });
    expect(patched.status).toBe(204);
    const read = await soc.orgAdmin.get('/api/v1/caseTemplate/malware-v2');
    expect(read.body).toMatchObject({ _id: created.body._id, tlp: 1, _updatedBy: soc.logins.orgAdmin });
    expect(read.body.tasks.map((t: { title: string }) => t.title)).toEqual(['two', 'three']);
    expect(read.body.customFields.map((v: { name: string; value: unknown }) => [v.name, v.value])).toEqual([
      ['score', 5.5],
    ]);
    const clash = await soc.orgAdmin.patch('/api/v1/caseTemplate/malware-v2', { name: 'phishing' });
    expect(clash.status).toBe(400);

    expect((await soc.orgAdmin.delete('/api/v1/caseTemplate/malware-v2')).status).toBe(204);
    expect((await soc.orgAdmin.get(`/api/v1/caseTemplate/${created.body._id}`)).status).toBe(404);
    const left = await server.propolis.deps.db
      .selectFrom('custom_field_value')
      .select('id')
      .where('entity_type', '=', 'caseTemplate')
      .where('entity_id', '=', Number(created.body._id.slice(1)))
      .execute();
    expect(left).toEqual([]);
  });

  it('lets only manageCaseTemplate write templates', async () => {
    const readOnly = await soc.readOnly.post('/api/v1/caseTemplate', { name: 'ro' });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.message).toContain('manageCaseTemplate');
    expect((await soc.analyst.post('/api/v1/caseTemplate', { name: 'an' })).status).toBe(403);
    expect((await soc.analyst.patch('/api/v1/caseTemplate/phishing', { flag: false })).status).toBe(403);
    expect((await soc.readOnly.delete('/api/v1/caseTemplate/phishing')).status).toBe(403);
  });

  it('keeps templates inside their organisation', async () => {
    const mine = await soc.orgAdmin.get('/api/v1/caseTemplate/phishing');
    expect((await other.orgAdmin.get(`/api/v1/caseTemplate/${mine.body._id}`)).status).toBe(404);
    expect((await other.orgAdmin.get('/api/v1/caseTemplate/phishing')).status).toBe(404);
    expect(
      (await other.orgAdmin.patch(`/api/v1/caseTemplate/${mine.body._id}`, { flag: false })).status,
    ).toBe(404);
    expect((await other.orgAdmin.delete(`/api/v1/caseTemplate/${mine.body._id}`)).status).toBe(404);
    expect((await other.orgAdmin.get('/api/v1/caseTemplate')).body).toEqual([]);
    // the same name is free in another organisation
    expect((await other.orgAdmin.post('/api/v1/caseTemplate', { name: 'phishing' })).status).toBe(201);
  });

  it('resolves a template for case creation', async () => {
    const view = await resolveTemplate(server.propolis.deps.db, soc.scope, 'phishing');
    expect(view).toMatchObject({
      name: 'phishing',
      titlePrefix: '[PHISH]',
      severity: 3,
      tlp: 4,
      tags: ['phishing', 'mail'],
    });
    expect(view!.tasks.map((t) => t.title)).toEqual(['Collect headers', 'Block sender']);
    expect(view!.customFields.map((v) => [v.name, v.value])).toEqual([
      ['owner', 'soc'],
      ['score', null],
    ]);
    expect(await resolveTemplate(server.propolis.deps.db, soc.scope, `~${view!.id}`)).toMatchObject({
      name: 'phishing',
    });
    expect(await resolveTemplate(server.propolis.deps.db, soc.scope, 'nope')).toBeUndefined();
  });

  it('audits every write', async () => {
    const rows = await server.propolis.deps.db
      .selectFrom('audit')
      .select('action')
      .where('object_type', '=', 'CaseTemplate')
      .execute();
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['create', 'update', 'delete']));
  });
});
