/**
 * v1 organisation routes: created and renamed from the admin organisation, read by their members.
 */
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
const cert = useOrganisation(server, 'cert');

describe('organisations', () => {
  it('creates an organisation (201) in the v1 OutputOrganisation shape', async () => {
    const res = await server.admin.post('/api/v1/organisation', {
      name: 'Red Team',
      description: 'Offensive',
      taskRule: 'manual',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      _id: expect.stringMatching(/^~\d+$/),
      _type: 'Organisation',
      _createdBy: 'admin@thehive.local',
      _createdAt: expect.any(Number),
      name: 'Red Team',
      description: 'Offensive',
      taskRule: 'manual',
      observableRule: 'manual',
      links: [],
      locked: false,
      extraData: {},
    });
    const byName = await server.admin.get('/api/v1/organisation/Red Team');
    expect(byName.status).toBe(200);
    expect(byName.body._id).toBe(res.body._id);
    const byId = await server.admin.get(`/api/v1/organisation/${res.body._id}`);
    expect(byId.body.name).toBe('Red Team');
  });

  it('defaults the description and refuses duplicates, bad names and missing names', async () => {
    const created = await server.admin.post('/api/v1/organisation', { name: 'nodesc' });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe('');
    const dup = await server.admin.post('/api/v1/organisation', { name: 'soc', description: 'again' });
    expect(dup.status).toBe(400);
    expect(dup.body.type).toBe('ConflictError');
    expect(dup.body.message).toContain('soc');
    for (const name of ['', '  ', '~12', '<script>', 'a/b']) {
      const res = await server.admin.post('/api/v1/organisation', { name, description: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('name');
    }
    const missing = await server.admin.post('/api/v1/organisation', { description: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('name: is required');
  });

  it('updates (204) name and description; the admin organisation cannot be renamed', async () => {
    const created = await server.admin.post('/api/v1/organisation', { name: 'blue', description: 'before' });
    const res = await server.admin.patch(`/api/v1/organisation/${created.body._id}`, {
      name: 'blue-team',
      description: 'after',
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const after = await server.admin.get(`/api/v1/organisation/${created.body._id}`);
    expect(after.body).toMatchObject({
      name: 'blue-team',
      description: 'after',
      _updatedBy: 'admin@thehive.local',
    });
    expect(typeof after.body._updatedAt).toBe('number');
    expect((await server.admin.get('/api/v1/organisation/blue')).status).toBe(404);

    const clash = await server.admin.patch('/api/v1/organisation/blue-team', { name: 'soc' });
    expect(clash.status).toBe(400);
    expect(clash.body.type).toBe('ConflictError');
    const renameAdmin = await server.admin.patch('/api/v1/organisation/admin', { name: 'root' });
    expect(renameAdmin.status).toBe(400);
    expect((await server.admin.get('/api/v1/organisation/admin')).status).toBe(200);
    const missing = await server.admin.patch('/api/v1/organisation/nowhere', { description: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('NotFoundError');
  });

  it('lists all organisations from admin and only its own elsewhere', async () => {
    const all = await server.admin.get('/api/v1/organisation');
    expect(all.status).toBe(200);
    const names = all.body.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['admin', 'soc', 'cert']));
    for (const client of [soc.orgAdmin, soc.analyst, soc.readOnly]) {
      const own = await client.get('/api/v1/organisation');
      expect(own.body.map((o: { name: string }) => o.name)).toEqual(['soc']);
    }
  });

  it('lets members read their organisation, and hides other organisations (404)', async () => {
    expect((await soc.readOnly.get('/api/v1/organisation/soc')).body.name).toBe('soc');
    const certId = (await server.admin.get('/api/v1/organisation/cert')).body._id;
    for (const path of [
      '/api/v1/organisation/cert',
      `/api/v1/organisation/${certId}`,
      '/api/v1/organisation/admin',
    ]) {
      const res = await soc.orgAdmin.get(path);
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('NotFoundError');
    }
  });

  it('reserves creating and changing organisations to the admin organisation', async () => {
    for (const client of [soc.orgAdmin, soc.analyst, soc.readOnly]) {
      const create = await client.post('/api/v1/organisation', { name: 'rogue', description: 'x' });
      expect(create.status).toBe(403);
      expect(create.body.type).toBe('AuthorizationError');
      expect(create.body.message).toContain('manageOrganisation');
      const update = await client.patch('/api/v1/organisation/soc', { description: 'changed' });
      expect(update.status).toBe(403);
      expect(update.body.type).toBe('AuthorizationError');
    }
    expect((await server.admin.get('/api/v1/organisation/rogue')).status).toBe(404);
    expect((await server.admin.get('/api/v1/organisation/soc')).body.description).toBe('soc organisation');
    const other = await cert.orgAdmin.patch('/api/v1/organisation/soc', { description: 'changed' });
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('AuthorizationError');
  });
});
