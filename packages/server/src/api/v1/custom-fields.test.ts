/**
 * Custom field definitions through v1, as thehive4py 2.x calls them (custom_field.create / list /
 * update / delete with ?force=False|True), and who may manage them.
 */
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('v1 custom fields', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');

  it('creates, lists, updates and deletes a definition (thehive4py 2.x)', async () => {
    const created = await server.admin.post('/api/v1/customField', {
      name: 'my-field',
      displayName: 'My field',
      group: 'triage',
      description: 'a field for tests',
      type: 'string',
      mandatory: false,
      options: ['a', 'b', 'a'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'CustomField',
      name: 'my-field',
      displayName: 'My field',
      group: 'triage',
      description: 'a field for tests',
      type: 'string',
      options: ['a', 'b'],
      mandatory: false,
      extraData: {},
      _createdBy: 'admin@thehive.local',
    });
    expect(created.body._id).toMatch(/^~\d+$/);

    // Every user may read definitions (cases show them).
    const list = await soc.analyst.get('/api/v1/customField');
    expect(list.status).toBe(200);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual(['my-field']);

    const updated = await server.admin.patch(`/api/v1/customField/${created.body._id}`, {
      displayName: 'Renamed',
      description: 'new description',
      options: ['a', 'b', 'c'],
      mandatory: true,
    });
    expect(updated.status).toBe(204);
    const read = await server.admin.get('/api/v1/customField/my-field');
    expect(read.body).toMatchObject({
      displayName: 'Renamed',
      description: 'new description',
      options: ['a', 'b', 'c'],
      mandatory: true,
      _updatedBy: 'admin@thehive.local',
    });

    const deleted = await server.admin.delete(`/api/v1/customField/${created.body._id}?force=False`);
    expect(deleted.status).toBe(204);
    expect((await server.admin.get('/api/v1/customField/my-field')).status).toBe(404);
  });

  it('defaults displayName to the name and takes every type', async () => {
    for (const type of ['string', 'integer', 'float', 'boolean', 'date', 'url']) {
      const res = await server.admin.post('/api/v1/customField', {
        name: `t-${type}`,
        description: '',
        type,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: `t-${type}`,
        displayName: `t-${type}`,
        type,
        options: [],
        mandatory: false,
      });
    }
    const bad = await server.admin.post('/api/v1/customField', {
      name: 'bad',
      description: '',
      type: 'text',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('type');
    const badOption = await server.admin.post('/api/v1/customField', {
      name: 'bad',
      description: '',
      type: 'integer',
      options: [1, 'two'],
    });
    expect(badOption.status).toBe(400);
    expect(badOption.body.message).toContain('options[1]');
    const badName = await server.admin.post('/api/v1/customField', {
      name: 'has space',
      description: '',
      type: 'string',
    });
    expect(badName.status).toBe(400);
    const duplicate = await server.admin.post('/api/v1/customField', {
      name: 't-string',
      description: '',
      type: 'string',
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.type).toBe('ConflictError');
  });

  it('refuses to delete a field in use unless forced (?force=True)', async () => {
    const field = await server.admin.post('/api/v1/customField', {
      name: 'used',
      description: '',
      type: 'string',
    });
    const template = await soc.orgAdmin.post('/api/v1/caseTemplate', {
      name: 'with-field',
      customFields: [{ name: 'used', value: 'x' }],
    });
    expect(template.status).toBe(201);
    const refused = await server.admin.delete(`/api/v1/customField/${field.body._id}?force=False`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('force');
    const typeChange = await server.admin.patch('/api/v1/customField/used', { type: 'integer' });
    expect(typeChange.status).toBe(400);
    const forced = await server.admin.delete(`/api/v1/customField/${field.body._id}?force=True`);
    expect(forced.status).toBe(204);
    const after = await soc.orgAdmin.get('/api/v1/caseTemplate/with-field');
    expect(after.body.customFields).toEqual([]);
  });

  it('only platform administrators manage definitions', async () => {
    const analyst = await soc.analyst.post('/api/v1/customField', {
      name: 'x',
      description: '',
      type: 'string',
    });
    expect(analyst.status).toBe(403);
    expect(analyst.body.message).toContain('manageCustomField');
    const orgAdmin = await soc.orgAdmin.post('/api/v1/customField', {
      name: 'x',
      description: '',
      type: 'string',
    });
    expect(orgAdmin.status).toBe(403);
    await server.admin.post('/api/v1/customField', { name: 'kept', description: '', type: 'string' });
    expect((await soc.orgAdmin.patch('/api/v1/customField/kept', { description: 'x' })).status).toBe(403);
    expect((await soc.orgAdmin.delete('/api/v1/customField/kept?force=True')).status).toBe(403);
    expect((await server.anonymous.get('/api/v1/customField')).status).toBe(401);
  });

  it('does not let the name change, and rejects a bad force value', async () => {
    await server.admin.post('/api/v1/customField', { name: 'fixed', description: '', type: 'string' });
    const rename = await server.admin.patch('/api/v1/customField/fixed', { name: 'other' });
    expect(rename.status).toBe(400);
    expect(
      (
        await server.admin.patch('/api/v1/customField/fixed', {
          name: 'fixed',
          description: 'same name is fine',
        })
      ).status,
    ).toBe(204);
    expect((await server.admin.delete('/api/v1/customField/fixed?force=maybe')).status).toBe(400);
    expect((await server.admin.delete('/api/v1/customField/~999999')).status).toBe(404);
  });

  it('audits every write', async () => {
    const rows = await server.propolis.deps.db
      .selectFrom('audit')
      .select(['action', 'object_type'])
      .where('object_type', '=', 'CustomField')
      .execute();
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(['create', 'update', 'delete']));
  });
});
