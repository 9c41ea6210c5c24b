/**
 * v0 (TheHive 3/4) login, logout and current user.
 */
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../test-support/http.js';
import { useOrganisation } from '../../test-support/identity.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, useTestServer } from '../../test-support/server.js';

const server = useTestServer();
const soc = useOrganisation(server, 'soc');

describe('v0 session', () => {
  it('logs in with POST /api/login and answers the v0 user shape', async () => {
    const client = new HttpClient(server.url, { session: true });
    const res = await client.post('/api/login', { user: soc.logins.analyst, password: 'password-1234' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      _type: 'user',
      id: soc.logins.analyst,
      login: soc.logins.analyst,
      name: soc.logins.analyst,
      organisation: 'soc',
      profile: 'analyst',
      status: 'Ok',
      hasKey: true,
      createdBy: ADMIN_LOGIN,
    });
    expect(res.body.roles).toEqual(['read', 'write', 'alert']);
    expect(res.body._createdBy).toBeUndefined();
    expect(client.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await client.get('/api/user/current');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: soc.logins.analyst, organisation: 'soc' });
  });

  it('derives TheHive 3 roles from the profile', async () => {
    const roles = async (client: HttpClient) => (await client.get('/api/user/current')).body.roles;
    expect(await roles(soc.readOnly)).toEqual(['read']);
    expect(await roles(soc.orgAdmin)).toEqual(['read', 'write', 'alert', 'admin']);
    expect(await roles(server.admin)).toContain('admin');
  });

  it('logs out with GET /api/logout and the session no longer works', async () => {
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: ADMIN_LOGIN, password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect((await fetch(`${server.url}/api/user/current`, { headers: { cookie } })).status).toBe(200);
    const csrf = /PROPOLIS-XSRF-TOKEN=([^;]*)/.exec(cookie)![1]!;
    const out = await fetch(`${server.url}/api/logout`, {
      headers: { cookie, 'x-propolis-xsrf-token': csrf },
    });
    expect(out.status).toBe(200);
    const after = await fetch(`${server.url}/api/user/current`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ type: 'AuthenticationError' });
  });

  it('refuses bad credentials and malformed login bodies with 4xx', async () => {
    const wrong = await server.anonymous.post('/api/login', {
      user: ADMIN_LOGIN,
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.type).toBe('AuthenticationError');
    const missing = await server.anonymous.post('/api/login', { user: ADMIN_LOGIN });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('password: is required');
    const anonymous = await server.anonymous.get('/api/user/current');
    expect(anonymous.status).toBe(401);
  });

  it('accepts API keys and Basic on v0 routes', async () => {
    expect((await soc.readOnly.get('/api/user/current')).body.id).toBe(soc.logins.readOnly);
    expect((await server.admin.get('/api/user/current')).body).toMatchObject({
      id: ADMIN_LOGIN,
      organisation: 'admin',
      profile: 'admin',
    });
  });
});
