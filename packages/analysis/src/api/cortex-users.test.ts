/**
 * Cortex4py's user, key and organization writes against Propolis: an org admin creates a Cortex user
 * with roles (a profile), renews its key, which then works on the Cortex API, changes its roles,
 * locks it; secrets cannot be patched; superadmins create organizations; bad roles are 400s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../server/src/test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { useAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';
const server = useAnalysisServer();
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
});

describe('Cortex users, keys and organizations', () => {
  it('creates a user with roles, whose renewed key then works with those roles', async () => {
    const created = await soc.orgAdmin.post(`${C}/user`, {
      login: 'bob@soc.test',
      name: 'Bob',
      roles: ['read', 'analyze'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'bob@soc.test',
      organization: 'soc',
      roles: ['read', 'analyze'],
    });
    expect(
      (await soc.analyst.post(`${C}/user`, { login: 'eve@soc.test', name: 'Eve', roles: ['read'] })).status,
    ).toBe(403);
    const superadmin = await soc.orgAdmin.post(`${C}/user`, {
      login: 'x@soc.test',
      name: 'X',
      roles: ['superadmin'],
    });
    expect(superadmin.status).toBe(400);
    expect(superadmin.body.message).toMatch(/superadmin/);
    expect(
      (await soc.orgAdmin.post(`${C}/user`, { login: 'y@soc.test', name: 'Y', roles: ['admin'] })).body
        .message,
    ).toMatch(/roles: admin is not one of/);

    const key = await soc.orgAdmin.post(`${C}/user/bob@soc.test/key/renew`, {});
    expect(key.status).toBe(200);
    expect(key.headers.get('content-type')).toMatch(/^text\/plain/);
    const bob = new HttpClient(server.url, { key: key.text });
    const current = await bob.get(`${C}/user/current`);
    expect(current.body).toMatchObject({ login: 'bob@soc.test', roles: ['read', 'analyze'] });
    // keys are stored hashed: reading one back is refused with the way to get a new one
    const read = await soc.orgAdmin.get(`${C}/user/bob@soc.test/key`);
    expect(read.status).toBe(404);
    expect(read.body.message).toMatch(/renew/);
  });

  it('changes roles and locks the user; secrets are not patched', async () => {
    const patched = await soc.orgAdmin.patch(`${C}/user/bob@soc.test`, {
      roles: ['read', 'analyze', 'orgadmin'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.roles).toEqual(['read', 'analyze', 'orgadmin']);
    const secret = await soc.orgAdmin.patch(`${C}/user/bob@soc.test`, { password: 'secret-123456' });
    expect(secret.status).toBe(403);
    expect(
      (await soc.orgAdmin.post(`${C}/user/bob@soc.test/password/set`, { password: 'a-long-password-1' }))
        .status,
    ).toBe(204);
    const basic = new HttpClient(server.url, { basic: ['bob@soc.test', 'a-long-password-1'] });
    expect((await basic.get(`${C}/user/current`)).body.roles).toContain('orgadmin');
    const locked = await soc.orgAdmin.patch(`${C}/user/bob@soc.test`, { status: 'Locked' });
    expect(locked.body.status).toBe('Locked');
    expect((await basic.get(`${C}/user/current`)).status).toBe(401);
    expect((await soc.orgAdmin.delete(`${C}/user/bob@soc.test/key`)).status).toBe(204);
  });

  it('lets superadmins create organizations and search every user', async () => {
    const org = await server.admin.post(`${C}/organization`, {
      name: 'cert',
      description: 'CERT',
      status: 'Active',
    });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ id: 'cert', name: 'cert', status: 'Active' });
    expect((await soc.orgAdmin.post(`${C}/organization`, { name: 'other' })).status).toBe(403);
    const patched = await server.admin.patch(`${C}/organization/cert`, { description: 'the CERT' });
    expect(patched.body.description).toBe('the CERT');
    expect((await server.admin.patch(`${C}/organization/cert`, { status: 'Locked' })).status).toBe(400);
    expect((await server.admin.delete(`${C}/organization/cert`)).status).toBe(400);
    const users = await server.admin.post(`${C}/user/_search`, {
      query: { _field: 'login', _value: 'bob@soc.test' },
    });
    expect(users.status).toBe(200);
    expect(users.body).toEqual([expect.objectContaining({ id: 'bob@soc.test', organization: 'soc' })]);
    expect((await soc.orgAdmin.post(`${C}/user/_search`, {})).status).toBe(403);
  });
});
