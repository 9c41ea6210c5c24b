/**
 * v1 profile routes: built-in profiles, custom profiles managed from the admin organisation.
 */
import { ALL_PERMISSIONS, effectivePermissions } from '@propolis/core';
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');

describe('built-in profiles', () => {
  it('serves admin, org-admin, analyst and read-only, created by system@thehive.local', async () => {
    const expected: Record<string, { editable: boolean; isAdmin: boolean }> = {
      admin: { editable: false, isAdmin: true },
      'org-admin': { editable: false, isAdmin: false },
      analyst: { editable: true, isAdmin: false },
      'read-only': { editable: true, isAdmin: false },
    };
    for (const [name, flags] of Object.entries(expected)) {
      const res = await soc.readOnly.get(`/api/v1/profile/${name}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        _type: 'Profile',
        _createdBy: 'system@thehive.local',
        name,
        ...flags,
        forAdmin: flags.isAdmin,
        forOrg: !flags.isAdmin,
        extraData: {},
      });
    }
    const admin = (await server.admin.get('/api/v1/profile/admin')).body;
    expect(admin.permissions).toEqual(
      expect.arrayContaining(['manageOrganisation', 'manageProfile', 'manageUser']),
    );
    const orgAdmin = (await server.admin.get('/api/v1/profile/org-admin')).body;
    expect(orgAdmin.permissions).toEqual(expect.arrayContaining(['manageUser', 'manageCase']));
    expect(orgAdmin.permissions).not.toContain('manageOrganisation');
    expect((await server.admin.get('/api/v1/profile/read-only')).body.permissions).toEqual([]);
  });

  it('refuses to change admin and org-admin, and to delete any built-in profile', async () => {
    for (const name of ['admin', 'org-admin']) {
      const res = await server.admin.patch(`/api/v1/profile/${name}`, { permissions: ['manageCase'] });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(name);
    }
    for (const name of ['admin', 'org-admin', 'analyst', 'read-only']) {
      const res = await server.admin.delete(`/api/v1/profile/${name}`);
      expect(res.status).toBe(400);
      expect((await server.admin.get(`/api/v1/profile/${name}`)).status).toBe(200);
    }
  });
});

describe('custom profiles', () => {
  it('creates (201), reads, updates (204) and deletes (204) a profile', async () => {
    const res = await server.admin.post('/api/v1/profile', {
      name: 'triage',
      permissions: ['manageAlert', 'manageCase', 'manageAlert'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'Profile',
      _createdBy: 'admin@thehive.local',
      name: 'triage',
      permissions: ['manageAlert', 'manageCase'],
      editable: true,
      isAdmin: false,
    });
    expect((await soc.analyst.get(`/api/v1/profile/${res.body._id}`)).body.name).toBe('triage');

    const update = await server.admin.patch('/api/v1/profile/triage', {
      name: 'triage-2',
      permissions: ['manageAlert'],
    });
    expect(update.status).toBe(204);
    expect(update.text).toBe('');
    const after = await server.admin.get(`/api/v1/profile/${res.body._id}`);
    expect(after.body).toMatchObject({
      name: 'triage-2',
      permissions: ['manageAlert'],
      _updatedBy: 'admin@thehive.local',
    });

    const del = await server.admin.delete('/api/v1/profile/triage-2');
    expect(del.status).toBe(204);
    const gone = await server.admin.get(`/api/v1/profile/${res.body._id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe('NotFoundError');
  });

  it('gives a custom profile to users, whose permissions follow it', async () => {
    await server.admin.post('/api/v1/profile', { name: 'observer', permissions: ['manageTask'] });
    const created = await soc.orgAdmin.post('/api/v1/user', {
      login: 'observer@soc.test',
      name: 'Obs',
      profile: 'observer',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ profile: 'observer', permissions: ['manageTask'] });
    const inUse = await server.admin.delete('/api/v1/profile/observer');
    expect(inUse.status).toBe(400);
    expect(inUse.body.message).toContain('observer');
    await server.admin.patch('/api/v1/profile/observer', { permissions: ['manageTask', 'manageCase'] });
    // a user's permissions list what the profile's names grant: manageCase brings its TheHive 5 names
    expect((await server.admin.get('/api/v1/user/observer@soc.test')).body.permissions).toEqual(
      effectivePermissions(['manageCase', 'manageTask']),
    );
  });

  it('refuses unknown permissions, duplicate names and missing names with the field named', async () => {
    const unknown = await server.admin.post('/api/v1/profile', {
      name: 'bad',
      permissions: ['manageCase', 'doEverything'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('doEverything');
    expect(unknown.body.message).toContain('permissions');
    const dup = await server.admin.post('/api/v1/profile', { name: 'analyst', permissions: [] });
    expect(dup.status).toBe(400);
    expect(dup.body.type).toBe('ConflictError');
    const missing = await server.admin.post('/api/v1/profile', { permissions: [] });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('name: is required');
    const wrongType = await server.admin.post('/api/v1/profile', {
      name: 'typed',
      permissions: { manageCase: true },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toContain('permissions');
    expect((await server.admin.get('/api/v1/profile/bad')).status).toBe(404);
  });

  it('keeps administration profiles to the admin organisation', async () => {
    const created = await server.admin.post('/api/v1/profile', {
      name: 'platform-ops',
      permissions: ['manageOrganisation', 'manageCase'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ isAdmin: true, forAdmin: true, forOrg: false });
    const inSoc = await server.admin.post('/api/v1/user', {
      login: 'ops@soc.test',
      name: 'Ops',
      profile: 'platform-ops',
      organisation: 'soc',
    });
    expect(inSoc.status).toBe(400);
    expect(inSoc.body.message).toContain('admin organisation');

    // A profile given in an ordinary organisation cannot be turned into an administration profile.
    await server.admin.post('/api/v1/profile', { name: 'lead', permissions: ['manageCase'] });
    expect(
      (await soc.orgAdmin.post('/api/v1/user', { login: 'lead@soc.test', name: 'Lead', profile: 'lead' }))
        .status,
    ).toBe(201);
    const escalate = await server.admin.patch('/api/v1/profile/lead', {
      permissions: ['manageCase', 'manageProfile'],
    });
    expect(escalate.status).toBe(400);
    expect(escalate.body.message).toContain('lead');
    const lead = await server.admin.get('/api/v1/user/lead@soc.test');
    expect(lead.body.permissions).toEqual(effectivePermissions(['manageCase']));
  });

  it('reserves profile management to the admin organisation', async () => {
    await server.admin.post('/api/v1/profile', { name: 'fixed', permissions: ['manageCase'] });
    for (const client of [soc.orgAdmin, soc.analyst, soc.readOnly]) {
      const create = await client.post('/api/v1/profile', { name: 'mine', permissions: ALL_PERMISSIONS });
      expect(create.status).toBe(403);
      expect(create.body.type).toBe('AuthorizationError');
      expect(create.body.message).toContain('manageProfile');
      expect((await client.patch('/api/v1/profile/fixed', { permissions: ALL_PERMISSIONS })).status).toBe(
        403,
      );
      expect((await client.delete('/api/v1/profile/fixed')).status).toBe(403);
    }
    expect((await server.admin.get('/api/v1/profile/mine')).status).toBe(404);
    expect((await server.admin.get('/api/v1/profile/fixed')).body.permissions).toEqual(['manageCase']);
  });

  it('lists profiles with GET /api/v1/profile', async () => {
    const res = await soc.readOnly.get('/api/v1/profile');
    expect(res.status).toBe(200);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['admin', 'org-admin', 'analyst', 'read-only']),
    );
  });
});
