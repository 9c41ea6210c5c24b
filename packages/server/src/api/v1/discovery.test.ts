/**
 * Discovery on SQLite and PostgreSQL: `GET /describe/_all`, `/describe/{model}` (v1 and v0 paths),
 * attributes read from the output schemas with enumerations and custom fields, and `GET /permission`.
 */
import { ALL_PERMISSIONS, CaseOutputV1 } from '@propolis/core';
import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

describe('discovery', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'describer');

  it('describes every model from its output schema, with enumerations and custom fields', async () => {
    await expectOk(
      server.admin.post('/api/v1/customField', {
        name: 'describedLevel',
        displayName: 'Level',
        type: 'string',
        options: ['low', 'high'],
        description: 'level',
      }),
      'custom field',
    );
    const all = await soc.readOnly.get('/api/v1/describe/_all');
    expect(all.status, all.text).toBe(200);
    expect(Object.keys(all.body)).toEqual(
      expect.arrayContaining(['case', 'alert', 'task', 'log', 'observable']),
    );
    const kase = all.body.case;
    expect(kase).toMatchObject({ label: 'Case', initialQuery: 'listCase' });
    const byName = new Map(kase.attributes.map((a: { name: string }) => [a.name, a]));
    // every scalar of the output schema is there
    for (const name of ['_id', '_createdAt', 'number', 'title', 'flag', 'startDate', 'tags', 'assignee'])
      expect(byName.has(name), name).toBe(true);
    expect(Object.keys(CaseOutputV1.properties)).toEqual(
      expect.arrayContaining([...byName.keys()].filter((n) => !String(n).startsWith('customFields.'))),
    );
    expect(byName.get('severity')).toEqual({
      name: 'severity',
      type: 'enumeration',
      values: [1, 2, 3, 4],
      labels: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
      required: true,
    });
    expect(byName.get('startDate')).toMatchObject({ type: 'date' });
    expect(byName.get('flag')).toMatchObject({ type: 'boolean' });
    expect(byName.get('assignee')).toMatchObject({ type: 'string', required: false });
    expect(byName.get('customFields.describedLevel')).toMatchObject({
      type: 'enumeration',
      values: ['low', 'high'],
    });
    expect(all.body.task.attributes.find((a: { name: string }) => a.name === 'status').values).toEqual([
      'Waiting',
      'InProgress',
      'Completed',
      'Cancel',
    ]);
    // one model, on both API faces
    for (const path of ['/api/v1/describe/case', '/api/describe/case'])
      expect((await soc.analyst.get(path)).body).toEqual(kase);
    const unknown = await soc.analyst.get('/api/v1/describe/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('case');
  });

  it('lists the permissions profiles take', async () => {
    const res = await soc.readOnly.get('/api/v1/permission');
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual([...ALL_PERMISSIONS]);
    expect(res.body.find((p: { name: string }) => p.name === 'manageCase').scope).toEqual(['organisation']);
    expect(res.body.find((p: { name: string }) => p.name === 'manageProfile').scope).toEqual(['admin']);
    expect(res.body.find((p: { name: string }) => p.name === 'manageUser').scope).toEqual([
      'organisation',
      'admin',
    ]);
    expect((await fetch(`${server.url}/api/v1/permission`)).status).toBe(401);
  });
});
