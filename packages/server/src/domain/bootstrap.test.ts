/**
 * First start: the admin organisation, the built-in profiles, and admin@thehive.local.
 */
import { BUILTIN_PROFILES } from '@propolis/core';
import { describe, expect, it } from 'vitest';
import { buildPropolis } from '../app.js';
import { HttpClient } from '../test-support/http.js';
import { ADMIN_LOGIN, useTestServer } from '../test-support/server.js';

describe('first start with PROPOLIS_ADMIN_PASSWORD', () => {
  const server = useTestServer();

  it('creates admin@thehive.local with profile admin in organisation admin, created by system', async () => {
    expect(server.propolis.bootstrap).toEqual({ createdAdmin: true, generatedPassword: undefined });
    const res = await server.admin.get(`/api/v1/user/${ADMIN_LOGIN}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      login: ADMIN_LOGIN,
      profile: 'admin',
      organisation: 'admin',
      defaultOrganisation: 'admin',
      locked: false,
      hasPassword: true,
      _createdBy: 'system@thehive.local',
      organisations: [{ organisation: 'admin', profile: 'admin' }],
    });
    const org = await server.admin.get('/api/v1/organisation/admin');
    expect(org.body).toMatchObject({ name: 'admin', _createdBy: 'system@thehive.local' });
  });

  it('creates the built-in profiles, reported as created by system@thehive.local', async () => {
    const res = await server.admin.post('/api/v1/query', { query: [{ _name: 'listProfile' }] });
    const byName = Object.fromEntries(res.body.map((p: { name: string }) => [p.name, p]));
    for (const name of ['admin', 'org-admin', 'analyst', 'read-only']) {
      expect(byName[name]).toMatchObject({ name, _createdBy: 'system@thehive.local' });
    }
  });

  it('does not seed twice when started again on the same database', async () => {
    const again = await buildPropolis(server.propolis.deps.config, { logger: false });
    try {
      expect(again.bootstrap).toEqual({ createdAdmin: false });
      const admins = await again.deps.db
        .selectFrom('user')
        .select('id')
        .where('login', '=', ADMIN_LOGIN)
        .execute();
      expect(admins).toHaveLength(1);
      const profiles = await again.deps.db.selectFrom('profile').select('name').execute();
      expect(profiles.map((p) => p.name).sort()).toEqual(['admin', 'analyst', 'org-admin', 'read-only']);
      const orgs = await again.deps.db.selectFrom('organisation').select('name').execute();
      expect(orgs.map((o) => o.name)).toEqual(['admin']);
    } finally {
      await again.close();
    }
    expect((await server.admin.get('/api/v1/user/current')).status).toBe(200);
  });

  it('brings the locked built-in profiles to the permission names of this version on start', async () => {
    const db = server.propolis.deps.db;
    // org-admin as an earlier version stored it (TheHive 4 names only); analyst as an admin edited it
    await db
      .updateTable('profile')
      .set({ permissions: '["manageCase"]' })
      .where('name', '=', 'org-admin')
      .execute();
    await db
      .updateTable('profile')
      .set({ permissions: '["manageTask"]' })
      .where('name', '=', 'analyst')
      .execute();
    const again = await buildPropolis(server.propolis.deps.config, { logger: false });
    await again.close();
    const stored = async (name: string) =>
      JSON.parse(
        (
          await db
            .selectFrom('profile')
            .select('permissions')
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).permissions,
      );
    const orgAdmin = BUILTIN_PROFILES.find((p) => p.name === 'org-admin')!;
    expect((await stored('org-admin')).sort()).toEqual([...orgAdmin.permissions].sort());
    expect(await stored('org-admin')).toContain('manageFunction/invoke');
    expect(await stored('analyst')).toEqual(['manageTask']);
  });
});

describe('first start without PROPOLIS_ADMIN_PASSWORD', () => {
  const server = useTestServer({ adminPassword: undefined });

  it('generates a strong password, reported once, that works for login', async () => {
    const { generatedPassword } = server.propolis.bootstrap;
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const login = await new HttpClient(server.url, {}).post('/api/v1/login', {
      user: ADMIN_LOGIN,
      password: generatedPassword,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ login: ADMIN_LOGIN, profile: 'admin' });
    const basic = new HttpClient(server.url, { basic: [ADMIN_LOGIN, generatedPassword!] });
    expect((await basic.get('/api/v1/user/current')).status).toBe(200);
    // The test harness' usual password is not it.
    expect((await server.admin.get('/api/v1/user/current')).status).toBe(401);
    // The password is not kept anywhere in clear.
    const row = await server.propolis.deps.db
      .selectFrom('user')
      .selectAll()
      .where('login', '=', ADMIN_LOGIN)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(generatedPassword);
    // Hashed with scrypt at the configured cost (the tests lower it).
    expect(row.password_hash).toMatch(/^scrypt\$1024\$/);
  });
});
