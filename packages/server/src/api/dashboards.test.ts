/**
 * Dashboards on both APIs (docs/dashboards.md): CRUD, private and shared, owner change, the
 * definition kept as TheHive's UI wrote it, permission denial and isolation, bad input.
 */
import { describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'dash-soc');
const other = useOrganisation(server, 'dash-other');

/** A definition as TheHive's dashboard editor saves it (period, rows of widgets). */
const definition = {
  period: 'last30Days',
  items: [
    {
      type: 'container',
      items: [
        {
          id: '0f1d7e5c-1d5e-4b8a-9a55-6d0c1e1f2a3b',
          type: 'donut',
          options: {
            title: 'Cases by status',
            entity: 'case',
            field: 'status',
            sort: { field: 'count', order: 'desc' },
            limit: 10,
            filters: [],
            query: {},
            names: { New: 'New' },
            colors: { New: '#3c8dbc' },
          },
        },
        {
          id: '7a2b3c4d-0000-4000-8000-000000000001',
          type: 'counter',
          options: {
            title: 'Open',
            entity: 'case',
            series: [{ agg: 'count', label: 'open', query: { _field: 'stage', _value: 'New' } }],
          },
        },
      ],
    },
  ],
};

describe('dashboards', () => {
  it('creates, reads on both APIs, lists, updates, changes owner and deletes (v1)', async () => {
    const a = soc.analyst;
    const made = await a.post('/api/v1/dashboard', {
      title: 'SOC overview',
      description: 'weekly',
      status: 'Private',
      definition,
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toEqual({
      _id: expect.stringMatching(/^~\d+$/),
      _type: 'Dashboard',
      _createdBy: soc.logins.analyst,
      _createdAt: expect.any(Number),
      title: 'SOC overview',
      description: 'weekly',
      status: 'Private',
      owner: soc.logins.analyst,
      definition,
      writable: true,
      version: 0,
    });
    const id = made.body._id;
    const v0 = await a.get(`/api/dashboard/${id}`);
    expect(v0.status).toBe(200);
    expect(JSON.parse(v0.body.definition)).toEqual(definition);
    expect(v0.body).toMatchObject({ _type: 'dashboard', title: 'SOC overview', status: 'Private' });
    // private: the owner only
    expect((await soc.orgAdmin.get(`/api/v1/dashboard/${id}`)).status).toBe(404);
    const listed = await a.post('/api/v1/query', { query: [{ _name: 'listDashboard' }] });
    expect(listed.body.map((d: { _id: string }) => d._id)).toEqual([id]);
    // shared: every member reads it; the read-only user cannot change it
    expect((await a.patch(`/api/v1/dashboard/${id}`, { status: 'Shared', title: 'SOC' })).status).toBe(204);
    const read = await soc.readOnly.get(`/api/v1/dashboard/${id}`);
    expect(read.body).toMatchObject({ title: 'SOC', status: 'Shared', writable: false, definition });
    expect((await soc.readOnly.patch(`/api/v1/dashboard/${id}`, { title: 'x' })).status).toBe(403);
    expect((await soc.readOnly.delete(`/api/v1/dashboard/${id}`)).status).toBe(403);
    // another organisation never sees it
    expect((await other.analyst.get(`/api/v1/dashboard/${id}`)).status).toBe(404);
    expect((await other.analyst.get('/api/v1/dashboard')).body).toEqual([]);
    // owner change
    expect((await a.post(`/api/v1/dashboard/${id}/owner`, { owner: other.logins.analyst })).status).toBe(400);
    expect((await a.post(`/api/v1/dashboard/${id}/owner`, { owner: soc.logins.orgAdmin })).status).toBe(204);
    expect((await a.get(`/api/v1/dashboard/${id}`)).body.owner).toBe(soc.logins.orgAdmin);
    expect((await soc.orgAdmin.delete(`/api/v1/dashboard/${id}`)).status).toBe(204);
    expect((await a.get(`/api/v1/dashboard/${id}`)).status).toBe(404);
  });

  it('takes TheHive 3/4 bodies on v0 (definition as JSON text)', async () => {
    const a = soc.analyst;
    const made = await expectOk(
      a.post('/api/dashboard', {
        title: 'v0 board',
        description: 'd',
        status: 'Shared',
        definition: JSON.stringify(definition),
      }),
      'v0 create',
    );
    expect(made.definition).toBe(JSON.stringify(definition));
    const patched = await a.patch(`/api/dashboard/${made._id}`, { description: 'changed' });
    expect(patched.status).toBe(200);
    expect(patched.body.description).toBe('changed');
    const found = await a.post('/api/dashboard/_search', {});
    expect(found.body.map((d: { title: string }) => d.title)).toContain('v0 board');
    expect((await a.get(`/api/v1/dashboard/${made._id}`)).body.definition).toEqual(definition);
  });

  it('refuses bad input and users without manageDashboard, changing nothing', async () => {
    const a = soc.analyst;
    const before = (await a.get('/api/v1/dashboard')).body.length;
    for (const body of [
      { title: '' },
      { title: 'x', status: 'Public' },
      { title: 'x', definition: '{not json' },
      { title: 'x', definition: '[1,2]' },
      { description: 'no title' },
    ]) {
      const res = await a.post('/api/v1/dashboard', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('BadRequest');
    }
    expect((await soc.readOnly.post('/api/v1/dashboard', { title: 'ro' })).status).toBe(403);
    expect((await a.get('/api/v1/dashboard')).body.length).toBe(before);
  });
});
