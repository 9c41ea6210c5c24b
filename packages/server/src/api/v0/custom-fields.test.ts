/**
 * Custom field definitions through v0: TheHive 4's /api/customField (reference = name, name =
 * display name), the use count, and thehive4py 1.x create_custom_field through the DB list
 * emulation (/api/list/custom_fields/_exists, then /api/list/custom_fields).
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation, useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('v0 custom fields', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');

  it('creates a custom field as thehive4py 1.x does', async () => {
    const field = {
      name: 'businessImpact',
      reference: 'businessImpact',
      description: 'Impact',
      type: 'string',
      options: ['low', 'high'],
      mandatory: false,
    };
    const before = await server.admin.post('/api/list/custom_fields/_exists', {
      key: 'reference',
      value: 'businessImpact',
    });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ found: false });
    const created = await server.admin.post('/api/list/custom_fields', { value: field });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      reference: 'businessImpact',
      name: 'businessImpact',
      type: 'string',
      options: ['low', 'high'],
    });
    const after = await server.admin.post('/api/list/custom_fields/_exists', {
      key: 'reference',
      value: 'businessImpact',
    });
    expect(after.body).toEqual({ found: true });

    const list = await soc.analyst.get('/api/list/custom_fields');
    expect(list.status).toBe(200);
    expect(Object.values(list.body)).toEqual([
      {
        name: 'businessImpact',
        reference: 'businessImpact',
        description: 'Impact',
        type: 'string',
        options: ['low', 'high'],
        mandatory: false,
      },
    ]);
    expect(Object.keys(list.body)[0]).toBe(created.body._id);
    expect((await soc.analyst.get('/api/list')).body).toContain('custom_fields');

    // TheHive 3's "number" is an integer.
    const number = await server.admin.post('/api/list/custom_fields', {
      value: {
        name: 'Count',
        reference: 'count',
        description: '',
        type: 'number',
        options: [],
        mandatory: false,
      },
    });
    expect(number.body).toMatchObject({ reference: 'count', name: 'Count', type: 'integer' });

    const denied = await soc.analyst.post('/api/list/custom_fields', {
      value: { ...field, reference: 'other' },
    });
    expect(denied.status).toBe(403);
  });

  it('serves /api/customField with reference and display name', async () => {
    const created = await server.admin.post('/api/customField', {
      reference: 'hostCount',
      name: 'Host count',
      description: 'Hosts',
      type: 'integer',
      options: [],
      mandatory: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'customField',
      reference: 'hostCount',
      name: 'Host count',
      type: 'integer',
      createdBy: 'admin@thehive.local',
    });
    expect(created.body.id).toBe(created.body._id);

    const read = await soc.analyst.get('/api/customField/hostCount');
    expect(read.body).toMatchObject({ reference: 'hostCount', name: 'Host count' });
    const list = await soc.analyst.get('/api/customField');
    expect(list.body.map((f: { reference: string }) => f.reference)).toContain('hostCount');

    const updated = await server.admin.patch(`/api/customField/${created.body._id}`, {
      name: 'Hosts involved',
      mandatory: true,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ reference: 'hostCount', name: 'Hosts involved', mandatory: true });

    const searched = await soc.analyst.post('/api/customFields/_search', {
      query: { _field: 'reference', _value: 'hostCount' },
    });
    expect(searched.status).toBe(200);
    expect(searched.body).toHaveLength(1);

    const use = await server.admin.get(`/api/customFields/${created.body._id}/use`);
    expect(use.body).toEqual({ case: 0, alert: 0, caseTemplate: 0, total: 0 });
    await soc.orgAdmin.post('/api/case/template', {
      name: 'uses-hosts',
      customFields: { hostCount: { integer: 3, order: 0 } },
    });
    expect((await server.admin.get('/api/customFields/hostCount/use')).body).toMatchObject({
      caseTemplate: 1,
      total: 1,
    });
    expect((await server.admin.get('/api/customFields/hostCount')).body).toMatchObject({ total: 1 });
    // another organisation sees only its own uses
    const other = await createOrganisation(server, 'other');
    expect((await other.analyst.get('/api/customFields/hostCount/use')).body.total).toBe(0);

    expect((await server.admin.delete('/api/customField/hostCount')).status).toBe(400);
    expect((await server.admin.delete('/api/customField/hostCount?force=true')).status).toBe(204);
    expect((await soc.analyst.get('/api/customField/hostCount')).status).toBe(404);
  });
});
