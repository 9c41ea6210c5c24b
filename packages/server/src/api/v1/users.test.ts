/**
 * v1 user routes over HTTP: shapes, permissions by profile, organisation isolation, passwords,
 * API keys, memberships, locking and forced deletion.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../../test-support/factories.js';
import { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { ADMIN_LOGIN, useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');
const cert = useOrganisation(server, 'cert');
const basic = (login: string, password: string, organisation?: string) =>
  new HttpClient(server.url, { basic: [login, password], organisation });

describe('user create and read', () => {
  it('creates a user (201) in the v1 OutputUser shape and reads it by login and by id', async () => {
    const res = await soc.orgAdmin.post('/api/v1/user', {
      login: 'New.Analyst@SOC.test',
      name: 'New Analyst',
      profile: 'analyst',
      email: 'new.analyst@soc.test',
      password: 'a-long-password',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'User',
      _createdBy: soc.logins.orgAdmin,
      login: 'new.analyst@soc.test',
      name: 'New Analyst',
      email: 'new.analyst@soc.test',
      hasKey: false,
      hasPassword: true,
      hasMFA: false,
      locked: false,
      profile: 'analyst',
      organisation: 'soc',
      defaultOrganisation: 'soc',
      type: 'Normal',
      extraData: {},
    });
    expect(res.body._id).toMatch(/^~\d+$/);
    expect(typeof res.body._createdAt).toBe('number');
    expect(res.body.permissions).toContain('manageCase');
    expect(res.body.organisations).toEqual([
      { organisationId: expect.stringMatching(/^~\d+$/), organisation: 'soc', profile: 'analyst' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('a-long-password');

    const byLogin = await soc.readOnly.get('/api/v1/user/NEW.analyst@soc.test');
    expect(byLogin.status).toBe(200);
    expect(byLogin.body._id).toBe(res.body._id);
    const byId = await soc.analyst.get(`/api/v1/user/${res.body._id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.login).toBe('new.analyst@soc.test');
  });

  it('creates in the acting organisation when none is named, and refuses a duplicate login', async () => {
    const created = await cert.orgAdmin.post('/api/v1/user', {
      login: 'dup@cert.test',
      name: 'Dup',
      profile: 'read-only',
    });
    expect(created.status).toBe(201);
    expect(created.body.organisation).toBe('cert');
    const again = await server.admin.post('/api/v1/user', {
      login: 'DUP@cert.test',
      name: 'Dup',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(again.status).toBe(400);
    expect(again.body.type).toBe('ConflictError');
    expect(again.body.message).toContain('dup@cert.test');
  });

  it('answers GET /api/v1/user/current for each caller', async () => {
    const me = await soc.readOnly.get('/api/v1/user/current');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      login: soc.logins.readOnly,
      profile: 'read-only',
      organisation: 'soc',
      permissions: [],
    });
  });

  it('resolves logins longer than 100 characters in the path', async () => {
    const login = `${'l'.repeat(150)}@soc.test`;
    expect(
      (
        await server.admin.post('/api/v1/user', {
          login,
          name: 'Long',
          profile: 'analyst',
          organisation: 'soc',
        })
      ).status,
    ).toBe(201);
    const res = await soc.analyst.get(`/api/v1/user/${login}`);
    expect(res.status).toBe(200);
    expect(res.body.login).toBe(login);
  });

  it('refuses invalid logins, empty names, short passwords and unknown profiles with the field named', async () => {
    const badLogin = await server.admin.post('/api/v1/user', {
      login: 'a b',
      name: 'x',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(badLogin.status).toBe(400);
    expect(badLogin.body.message).toMatch(/login/i);
    const emptyName = await server.admin.post('/api/v1/user', {
      login: 'ok@soc.test',
      name: '   ',
      profile: 'analyst',
      organisation: 'soc',
    });
    expect(emptyName.status).toBe(400);
    expect(emptyName.body.message).toContain('name');
    const shortPassword = await server.admin.post('/api/v1/user', {
      login: 'ok@soc.test',
      name: 'x',
      profile: 'analyst',
      organisation: 'soc',
      password: 'short',
    });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.message).toContain('password');
    const noProfile = await server.admin.post('/api/v1/user', {
      login: 'ok@soc.test',
      name: 'x',
      profile: 'chief',
      organisation: 'soc',
    });
    expect(noProfile.status).toBe(400);
    expect(noProfile.body.message).toContain('chief');
    expect((await server.admin.get('/api/v1/user/ok@soc.test')).status).toBe(404);
  });
});

describe('permissions by profile', () => {
  it('lets analysts and read-only users read but not create, update, lock or delete users', async () => {
    const target = await createUser(server, 'soc');
    for (const client of [soc.analyst, soc.readOnly]) {
      expect((await client.get(`/api/v1/user/${target}`)).status).toBe(200);
      const attempts = [
        await client.post('/api/v1/user', { login: 'eve@soc.test', name: 'Eve', profile: 'analyst' }),
        await client.patch(`/api/v1/user/${target}`, { name: 'Renamed' }),
        await client.patch(`/api/v1/user/${target}`, { locked: true }),
        await client.delete(`/api/v1/user/${target}`),
        await client.delete(`/api/v1/user/${target}/force`),
        await client.post(`/api/v1/user/${target}/password/set`, { password: 'another-password' }),
        await client.post(`/api/v1/user/${target}/key/renew`),
        await client.delete(`/api/v1/user/${target}/key`),
        await client.put(`/api/v1/user/${target}/organisations`, {
          organisations: [{ organisation: 'soc', profile: 'org-admin' }],
        }),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.body.type).toBe('AuthorizationError');
        expect(res.body.message).toContain('manageUser');
      }
    }
    const after = await server.admin.get(`/api/v1/user/${target}`);
    expect(after.body).toMatchObject({
      name: expect.stringMatching(/^User /),
      locked: false,
      hasKey: false,
      profile: 'analyst',
    });
  });

  it('lets any user update its own name and email but not its own profile or lock state', async () => {
    const self = await soc.readOnly.patch(`/api/v1/user/${soc.logins.readOnly}`, {
      name: 'Reader',
      email: 'reader@soc.test',
    });
    expect(self.status).toBe(204);
    expect(self.text).toBe('');
    const me = await soc.readOnly.get('/api/v1/user/current');
    expect(me.body).toMatchObject({
      name: 'Reader',
      email: 'reader@soc.test',
      _updatedBy: soc.logins.readOnly,
    });
    const promote = await soc.readOnly.patch(`/api/v1/user/${soc.logins.readOnly}`, { profile: 'org-admin' });
    expect(promote.status).toBe(403);
    expect((await soc.readOnly.get('/api/v1/user/current')).body.profile).toBe('read-only');
  });

  it('lets an org-admin manage the users of its own organisation', async () => {
    const created = await soc.orgAdmin.post('/api/v1/user', {
      login: 'managed@soc.test',
      name: 'Managed',
      profile: 'read-only',
    });
    expect(created.status).toBe(201);
    const update = await soc.orgAdmin.patch('/api/v1/user/managed@soc.test', {
      name: 'Managed Too',
      profile: 'analyst',
    });
    expect(update.status).toBe(204);
    expect((await soc.orgAdmin.get('/api/v1/user/managed@soc.test')).body).toMatchObject({
      name: 'Managed Too',
      profile: 'analyst',
    });
    expect(
      (
        await soc.orgAdmin.post('/api/v1/user/managed@soc.test/password/set', {
          password: 'managed-password',
        })
      ).status,
    ).toBe(204);
    expect((await basic('managed@soc.test', 'managed-password').get('/api/v1/user/current')).status).toBe(
      200,
    );
    const key = await soc.orgAdmin.post('/api/v1/user/managed@soc.test/key/renew');
    expect(key.status).toBe(200);
    expect((await new HttpClient(server.url, { key: key.text }).get('/api/v1/user/current')).body.login).toBe(
      'managed@soc.test',
    );
    expect((await soc.orgAdmin.delete('/api/v1/user/managed@soc.test')).status).toBe(204);
    expect((await soc.orgAdmin.get('/api/v1/user/managed@soc.test')).body.locked).toBe(true);
    expect((await soc.orgAdmin.delete('/api/v1/user/managed@soc.test/force')).status).toBe(204);
    expect((await soc.orgAdmin.get('/api/v1/user/managed@soc.test')).status).toBe(404);
  });

  it('keeps an org-admin away from other organisations and from platform administrators', async () => {
    const inCert = await soc.orgAdmin.post('/api/v1/user', {
      login: 'intruder@cert.test',
      name: 'X',
      profile: 'analyst',
      organisation: 'cert',
    });
    expect(inCert.status).toBe(404);
    expect(inCert.body.type).toBe('NotFoundError');
    expect((await server.admin.get('/api/v1/user/intruder@cert.test')).status).toBe(404);

    const adminProfile = await soc.orgAdmin.post('/api/v1/user', {
      login: 'boss@soc.test',
      name: 'Boss',
      profile: 'admin',
    });
    expect(adminProfile.status).toBe(400);
    expect(adminProfile.body.message).toContain('admin');

    // admin@thehive.local is not a member of soc: invisible from there.
    for (const res of [
      await soc.orgAdmin.get(`/api/v1/user/${ADMIN_LOGIN}`),
      await soc.orgAdmin.patch(`/api/v1/user/${ADMIN_LOGIN}`, { name: 'Pwned' }),
      await soc.orgAdmin.post(`/api/v1/user/${ADMIN_LOGIN}/password/set`, { password: 'pwned-password' }),
      await soc.orgAdmin.post(`/api/v1/user/${ADMIN_LOGIN}/key/renew`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('NotFoundError');
    }

    // A platform administrator who is also a member of soc is visible but not manageable from soc.
    const platformAdmin = await createUser(server, 'admin', {
      profile: 'admin',
      password: 'platform-admin-pw',
    });
    const put = await server.admin.put(`/api/v1/user/${platformAdmin}/organisations`, {
      organisations: [
        { organisation: 'admin', profile: 'admin', default: true },
        { organisation: 'soc', profile: 'read-only' },
      ],
    });
    expect(put.status).toBe(200);
    expect((await soc.orgAdmin.get(`/api/v1/user/${platformAdmin}`)).status).toBe(200);
    for (const res of [
      await soc.orgAdmin.patch(`/api/v1/user/${platformAdmin}`, { locked: true }),
      await soc.orgAdmin.post(`/api/v1/user/${platformAdmin}/password/set`, { password: 'pwned-password' }),
      await soc.orgAdmin.post(`/api/v1/user/${platformAdmin}/key/renew`),
      await soc.orgAdmin.delete(`/api/v1/user/${platformAdmin}/force`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
    }
    expect((await basic(platformAdmin, 'platform-admin-pw').get('/api/v1/user/current')).body).toMatchObject({
      locked: false,
      profile: 'admin',
    });
  });
});

describe('organisation isolation', () => {
  it('answers 404 and no data when another organisation reads or writes a user', async () => {
    const target = await createUser(server, 'soc', { profile: 'analyst', password: 'target-password' });
    const { _id: id, name } = (await server.admin.get(`/api/v1/user/${target}`)).body as {
      _id: string;
      name: string;
    };
    for (const client of [cert.orgAdmin, cert.analyst, cert.readOnly]) {
      for (const res of [
        await client.get(`/api/v1/user/${target}`),
        await client.get(`/api/v1/user/${id}`),
        await client.patch(`/api/v1/user/${id}`, { name: 'Stolen' }),
        await client.delete(`/api/v1/user/${target}`),
        await client.delete(`/api/v1/user/${target}/force`),
        await client.post(`/api/v1/user/${target}/password/set`, { password: 'stolen-password' }),
        await client.post(`/api/v1/user/${target}/password/change`, {
          password: 'stolen-password',
          currentPassword: 'target-password',
        }),
        await client.post(`/api/v1/user/${target}/key/renew`),
        await client.get(`/api/v1/user/${target}/key`),
        await client.delete(`/api/v1/user/${target}/key`),
        await client.put(`/api/v1/user/${target}/organisations`, {
          organisations: [{ organisation: 'cert', profile: 'analyst' }],
        }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.type).toBe('NotFoundError');
        expect(Object.keys(res.body).sort()).toEqual(['message', 'type']);
        expect(res.text).not.toContain(name);
      }
    }
    const after = await server.admin.get(`/api/v1/user/${target}`);
    expect(after.body).toMatchObject({
      name: expect.stringMatching(/^User /),
      locked: false,
      hasKey: false,
      organisations: [{ organisation: 'soc' }],
    });
    expect((await basic(target, 'target-password').get('/api/v1/user/current')).status).toBe(200);
  });

  it('shows a shared user only its memberships visible from the acting organisation', async () => {
    const shared = await createUser(server, 'soc');
    await server.admin.put(`/api/v1/user/${shared}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'analyst', default: true },
        { organisation: 'cert', profile: 'read-only' },
      ],
    });
    const fromCert = await cert.readOnly.get(`/api/v1/user/${shared}`);
    expect(fromCert.status).toBe(200);
    expect(fromCert.body).toMatchObject({ organisation: 'cert', profile: 'read-only' });
    expect(fromCert.body.organisations.map((o: { organisation: string }) => o.organisation)).toEqual([
      'cert',
    ]);
    expect(fromCert.body.defaultOrganisation).toBeUndefined();
    expect(fromCert.text).not.toContain('"soc"');
    const fromAdmin = await server.admin.get(`/api/v1/user/${shared}`);
    expect(fromAdmin.body.organisations.map((o: { organisation: string }) => o.organisation)).toEqual([
      'soc',
      'cert',
    ]);
  });
});

describe('passwords', () => {
  it('sets a password as administrator (204), after which only the new one works', async () => {
    const login = await createUser(server, 'soc', { profile: 'analyst', password: 'first-password' });
    expect((await basic(login, 'first-password').get('/api/v1/user/current')).status).toBe(200);
    const set = await server.admin.post(`/api/v1/user/${login}/password/set`, {
      password: 'second-password',
    });
    expect(set.status).toBe(204);
    expect((await basic(login, 'first-password').get('/api/v1/user/current')).status).toBe(401);
    expect((await basic(login, 'second-password').get('/api/v1/user/current')).status).toBe(200);
    const short = await server.admin.post(`/api/v1/user/${login}/password/set`, { password: 'x' });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('password');
    const missing = await server.admin.post(`/api/v1/user/${login}/password/set`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('password');
  });

  it('changes one own password with the current one, and refuses a wrong current password', async () => {
    const login = await createUser(server, 'soc', { profile: 'read-only', password: 'current-password' });
    const me = basic(login, 'current-password');
    const wrong = await me.post(`/api/v1/user/${login}/password/change`, {
      password: 'next-password',
      currentPassword: 'not-it-at-all',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.type).toBe('AuthorizationError');
    expect(wrong.body.message).toContain('currentPassword');
    expect((await basic(login, 'next-password').get('/api/v1/user/current')).status).toBe(401);
    const ok = await me.post(`/api/v1/user/${login}/password/change`, {
      password: 'next-password',
      currentPassword: 'current-password',
    });
    expect(ok.status).toBe(204);
    expect((await basic(login, 'next-password').get('/api/v1/user/current')).status).toBe(200);
    expect((await basic(login, 'current-password').get('/api/v1/user/current')).status).toBe(401);
    const missing = await basic(login, 'next-password').post(`/api/v1/user/${login}/password/change`, {
      password: 'third-password',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('currentPassword');
  });

  it('refuses to change the password of someone else, even for an administrator', async () => {
    const login = await createUser(server, 'soc', { profile: 'analyst', password: 'victim-password' });
    const res = await soc.orgAdmin.post(`/api/v1/user/${login}/password/change`, {
      password: 'changed-password',
      currentPassword: 'victim-password',
    });
    expect(res.status).toBe(403);
    expect((await basic(login, 'victim-password').get('/api/v1/user/current')).status).toBe(200);
  });
});

describe('API keys', () => {
  it('renews (200 text), uses, cannot read back (404 explaining renew), and revokes (401 afterwards)', async () => {
    const login = await createUser(server, 'cert');
    const none = await server.admin.get(`/api/v1/user/${login}/key`);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/renew/);
    const renewed = await server.admin.post(`/api/v1/user/${login}/key/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('content-type')).toMatch(/^text\/plain/);
    const key = renewed.text;
    expect(key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const client = new HttpClient(server.url, { key });
    expect((await client.get('/api/v1/user/current')).body).toMatchObject({
      login,
      organisation: 'cert',
      hasKey: true,
    });
    const read = await server.admin.get(`/api/v1/user/${login}/key`);
    expect(read.status).toBe(404);
    expect(read.body.type).toBe('NotFoundError');
    expect(read.body.message).toMatch(/renew/);
    expect(read.text).not.toContain(key);

    const again = await client.post(`/api/v1/user/${login}/key/renew`);
    expect(again.status).toBe(200);
    expect(again.text).not.toBe(key);
    expect((await client.get('/api/v1/user/current')).status).toBe(401);
    const current = new HttpClient(server.url, { key: again.text });
    expect((await current.get('/api/v1/user/current')).status).toBe(200);

    expect((await current.delete(`/api/v1/user/${login}/key`)).status).toBe(204);
    const revoked = await current.get('/api/v1/user/current');
    expect(revoked.status).toBe(401);
    expect(revoked.body.type).toBe('AuthenticationError');
    expect((await server.admin.get(`/api/v1/user/${login}`)).body.hasKey).toBe(false);
  });

  it('stores keys hashed', async () => {
    const login = await createUser(server, 'cert');
    const key = (await server.admin.post(`/api/v1/user/${login}/key/renew`)).text;
    const row = await server.propolis.deps.db
      .selectFrom('user')
      .selectAll()
      .where('login', '=', login)
      .executeTakeFirstOrThrow();
    expect(row.api_key_hash).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(key);
  });
});

describe('memberships: PUT /api/v1/user/{id}/organisations', () => {
  it('sets the organisations and profiles of a user and the default one', async () => {
    const login = await createUser(server, 'soc', { profile: 'analyst', password: 'member-password' });
    const res = await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'read-only' },
        { organisation: 'cert', profile: 'org-admin', default: true },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.organisations).toEqual([
      { organisation: 'soc', profile: 'read-only', default: false },
      { organisation: 'cert', profile: 'org-admin', default: true },
    ]);
    const me = basic(login, 'member-password');
    expect((await me.get('/api/v1/user/current')).body).toMatchObject({
      organisation: 'cert',
      profile: 'org-admin',
      defaultOrganisation: 'cert',
    });
    expect((await me.in('soc').get('/api/v1/user/current')).body).toMatchObject({
      organisation: 'soc',
      profile: 'read-only',
    });

    const dropped = await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [{ organisation: 'soc', profile: 'analyst' }],
    });
    expect(dropped.status).toBe(200);
    expect(dropped.body.organisations).toEqual([{ organisation: 'soc', profile: 'analyst', default: true }]);
    const refused = await me.in('cert').get('/api/v1/user/current');
    expect(refused.status).toBe(403);
    expect((await me.get('/api/v1/user/current')).body.organisation).toBe('soc');
  });

  it('refuses empty lists, unknown organisations or profiles, admin profiles outside admin, and two defaults', async () => {
    const login = await createUser(server, 'soc');
    const cases: Array<[unknown, number, string]> = [
      [[], 400, 'organisations'],
      [[{ organisation: 'nowhere', profile: 'analyst' }], 404, 'nowhere'],
      [[{ organisation: 'soc', profile: 'nobody' }], 400, 'nobody'],
      [[{ organisation: 'soc', profile: 'admin' }], 400, 'admin'],
      [
        [
          { organisation: 'soc', profile: 'analyst', default: true },
          { organisation: 'cert', profile: 'analyst', default: true },
        ],
        400,
        'default',
      ],
      [[{ organisation: 'soc' }], 400, 'profile'],
    ];
    for (const [organisations, status, word] of cases) {
      const res = await server.admin.put(`/api/v1/user/${login}/organisations`, { organisations });
      expect(res.status).toBe(status);
      expect(res.body.message).toContain(word);
    }
    expect((await server.admin.get(`/api/v1/user/${login}`)).body.organisations).toEqual([
      { organisationId: expect.any(String), organisation: 'soc', profile: 'analyst' },
    ]);
  });

  it('lets an org-admin change memberships only in its own organisation', async () => {
    const login = await createUser(server, 'soc');
    const toCert = await soc.orgAdmin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'analyst' },
        { organisation: 'cert', profile: 'analyst' },
      ],
    });
    expect(toCert.status).toBe(404);
    const inSoc = await soc.orgAdmin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [{ organisation: 'soc', profile: 'read-only' }],
    });
    expect(inSoc.status).toBe(200);
    expect((await server.admin.get(`/api/v1/user/${login}`)).body.organisations).toEqual([
      { organisationId: expect.any(String), organisation: 'soc', profile: 'read-only' },
    ]);
  });
});

describe('delete and force delete', () => {
  it('DELETE locks the user (kept for the audit trail); the user can no longer authenticate', async () => {
    const login = await createUser(server, 'soc', { profile: 'analyst', password: 'locked-password' });
    const key = (await server.admin.post(`/api/v1/user/${login}/key/renew`)).text;
    const res = await server.admin.delete(`/api/v1/user/${login}`);
    expect(res.status).toBe(204);
    const user = await server.admin.get(`/api/v1/user/${login}`);
    expect(user.status).toBe(200);
    expect(user.body.locked).toBe(true);
    const byKey = await new HttpClient(server.url, { key }).get('/api/v1/user/current');
    expect(byKey.status).toBe(401);
    expect(byKey.body.message).toContain('locked');
    expect((await basic(login, 'locked-password').get('/api/v1/user/current')).status).toBe(401);
    expect((await server.admin.patch(`/api/v1/user/${login}`, { locked: false })).status).toBe(204);
    expect((await new HttpClient(server.url, { key }).get('/api/v1/user/current')).status).toBe(200);
  });

  it('DELETE /force removes the user entirely when it has one organisation', async () => {
    const login = await createUser(server, 'cert', { profile: 'analyst', password: 'gone-password' });
    const key = (await server.admin.post(`/api/v1/user/${login}/key/renew`)).text;
    expect((await server.admin.delete(`/api/v1/user/${login}/force`)).status).toBe(204);
    expect((await server.admin.get(`/api/v1/user/${login}`)).status).toBe(404);
    expect((await new HttpClient(server.url, { key }).get('/api/v1/user/current')).status).toBe(401);
    expect((await server.admin.delete(`/api/v1/user/${login}/force`)).status).toBe(404);
    // The login can be used again.
    expect(
      (
        await server.admin.post('/api/v1/user', {
          login,
          name: 'Again',
          profile: 'analyst',
          organisation: 'cert',
        })
      ).status,
    ).toBe(201);
  });

  it('DELETE /force?organisation= and an org-admin force delete only remove a membership of a shared user', async () => {
    const login = await createUser(server, 'soc');
    await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'analyst' },
        { organisation: 'cert', profile: 'analyst' },
      ],
    });
    expect((await soc.orgAdmin.delete(`/api/v1/user/${login}/force`)).status).toBe(204);
    const after = await server.admin.get(`/api/v1/user/${login}`);
    expect(after.body.organisations.map((o: { organisation: string }) => o.organisation)).toEqual(['cert']);
    expect((await soc.orgAdmin.get(`/api/v1/user/${login}`)).status).toBe(404);

    await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'analyst' },
        { organisation: 'cert', profile: 'analyst' },
      ],
    });
    expect((await server.admin.delete(`/api/v1/user/${login}/force?organisation=cert`)).status).toBe(204);
    expect(
      (await server.admin.get(`/api/v1/user/${login}`)).body.organisations.map(
        (o: { organisation: string }) => o.organisation,
      ),
    ).toEqual(['soc']);
    const notMember = await server.admin.delete(`/api/v1/user/${login}/force?organisation=cert`);
    expect(notMember.status).toBe(400);
    expect(notMember.body.message).toContain('cert');
  });

  it('refuses to lock or delete oneself', async () => {
    const lock = await server.admin.delete(`/api/v1/user/${ADMIN_LOGIN}`);
    expect(lock.status).toBe(400);
    const force = await server.admin.delete(`/api/v1/user/${ADMIN_LOGIN}/force`);
    expect(force.status).toBe(400);
    expect((await server.admin.get('/api/v1/user/current')).body.locked).toBe(false);
  });
});
