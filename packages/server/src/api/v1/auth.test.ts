/**
 * Authentication over HTTP: password login with a session cookie and CSRF, API keys, HTTP Basic,
 * TOTP, login throttling, locked users and organisation selection.
 */
import { describe, expect, it } from 'vitest';
import { currentTotp } from '../../auth/totp.js';
import { createUser } from '../../test-support/factories.js';
import { HttpClient, sessionClient } from '../../test-support/http.js';
import { createOrganisation, useOrganisation } from '../../test-support/identity.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, type TestServer, useTestServer } from '../../test-support/server.js';

// Many wrong passwords are sent on purpose here: the per-address limit is tested on its own server.
const server = useTestServer({ auth: { throttle: { maxFailuresPerAddress: 10_000 } } });
const soc = useOrganisation(server, 'soc');
const login = (s: TestServer, body: Record<string, unknown>, path = '/api/v1/login') =>
  new HttpClient(s.url, {}).post(path, body);

/** A code that is not valid now (nor one period either side). */
function wrongCode(secret: string): string {
  const now = Number(currentTotp(secret));
  return String((now + 500_000) % 1_000_000).padStart(6, '0');
}

describe('password login and session cookie', () => {
  it('logs in (200 OutputUser) and sets an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const res = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: ADMIN_LOGIN, password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      _type: 'User',
      login: ADMIN_LOGIN,
      organisation: 'admin',
      profile: 'admin',
    });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('PROPOLIS-SESSION='));
    const csrf = cookies.find((c) => c.startsWith('PROPOLIS-XSRF-TOKEN='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(csrf).toBeDefined();
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(res.headers.get('x-propolis-xsrf-token')).toBe(csrf!.split(';')[0]!.split('=')[1]);
  });

  it('refuses a wrong password or an unknown login with 401 AuthenticationError', async () => {
    for (const body of [
      { user: ADMIN_LOGIN, password: 'wrong-password' },
      { user: 'nobody@nowhere.test', password: 'whatever-password' },
    ]) {
      const res = await login(server, body);
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('AuthenticationError');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    // The admin account is not throttled by one failure.
    await login(server, { user: ADMIN_LOGIN, password: ADMIN_PASSWORD });
  });

  it('uses the session for reads and, with the CSRF header, for writes; refuses cookie writes without it', async () => {
    const password = 'session-password';
    const user = await createUser(server, 'soc', { profile: 'org-admin', password });
    const client = await sessionClient(server.url, user, password);
    expect(client.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await client.get('/api/v1/user/current');
    expect(me.status).toBe(200);
    expect(me.body.login).toBe(user);

    const noToken = await client.post(
      '/api/v1/user',
      { login: 'csrf1@soc.test', name: 'C', profile: 'analyst' },
      { csrf: false },
    );
    expect(noToken.status).toBe(403);
    expect(noToken.body.type).toBe('AuthorizationError');
    expect(noToken.body.message).toMatch(/CSRF/);
    expect((await server.admin.get('/api/v1/user/csrf1@soc.test')).status).toBe(404);

    const badToken = await client.post(
      '/api/v1/user',
      { login: 'csrf1@soc.test', name: 'C', profile: 'analyst' },
      { csrf: false, headers: { 'x-propolis-xsrf-token': 'forged' } },
    );
    expect(badToken.status).toBe(403);
    const patchNoToken = await client.patch(`/api/v1/user/${user}`, { name: 'No token' }, { csrf: false });
    expect(patchNoToken.status).toBe(403);
    const deleteNoToken = await client.delete(`/api/v1/user/${soc.logins.analyst}`, { csrf: false });
    expect(deleteNoToken.status).toBe(403);
    expect((await server.admin.get(`/api/v1/user/${soc.logins.analyst}`)).body.locked).toBe(false);

    const withToken = await client.post('/api/v1/user', {
      login: 'csrf1@soc.test',
      name: 'C',
      profile: 'analyst',
    });
    expect(withToken.status).toBe(201);
    // TheHive's header name is accepted too.
    const theHiveHeader = await client.patch(
      '/api/v1/user/csrf1@soc.test',
      { name: 'Renamed' },
      { csrf: false, headers: { 'x-the-hive-xsrf-token': client.csrf! } },
    );
    expect(theHiveHeader.status).toBe(204);
  });

  it('does not ask API key or Basic callers for a CSRF token', async () => {
    const res = await soc.orgAdmin.patch(`/api/v1/user/${soc.logins.orgAdmin}`, { name: 'Key caller' });
    expect(res.status).toBe(204);
    const basic = new HttpClient(server.url, { basic: [ADMIN_LOGIN, ADMIN_PASSWORD] });
    expect((await basic.patch(`/api/v1/user/${soc.logins.orgAdmin}`, { name: 'Basic caller' })).status).toBe(
      204,
    );
  });

  it('logs out with GET or POST /api/v1/logout (204); the old session token is dead', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const client = await sessionClient(server.url, ADMIN_LOGIN, ADMIN_PASSWORD);
      // A second session, whose cookie is replayed after logout.
      const res = await fetch(`${server.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: ADMIN_LOGIN, password: ADMIN_PASSWORD }),
      });
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /PROPOLIS-XSRF-TOKEN=([^;]*)/.exec(cookie)![1]!;
      const out = await fetch(`${server.url}/api/v1/logout`, {
        method,
        headers: { cookie, 'x-propolis-xsrf-token': csrf },
      });
      expect(out.status).toBe(204);
      expect(
        out.headers
          .getSetCookie()
          .some(
            (c) =>
              c.startsWith('PROPOLIS-SESSION=;') || /PROPOLIS-SESSION=.*Expires=Thu, 01 Jan 1970/i.test(c),
          ),
      ).toBe(true);
      const after = await fetch(`${server.url}/api/v1/user/current`, { headers: { cookie } });
      expect(after.status).toBe(401);
      expect(((await after.json()) as { type: string }).type).toBe('AuthenticationError');
      // Other sessions of the same user live on.
      expect((await client.get('/api/v1/user/current')).status).toBe(200);
    }
  });

  it('answers 401 to requests without credentials and to unknown sessions', async () => {
    const none = await server.anonymous.get('/api/v1/user/current');
    expect(none.status).toBe(401);
    expect(none.body.type).toBe('AuthenticationError');
    const forged = await fetch(`${server.url}/api/v1/user/current`, {
      headers: { cookie: 'PROPOLIS-SESSION=forged' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('API keys and Basic', () => {
  it('refuses an unknown key, an empty key, and an unknown scheme with 401', async () => {
    for (const authorization of [
      'Bearer not-a-key',
      'Bearer ',
      'Digest abc',
      'Basic !!!',
      'Basic ' + Buffer.from('nocolon').toString('base64'),
    ]) {
      const res = await fetch(`${server.url}/api/v1/user/current`, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { type: string }).type).toBe('AuthenticationError');
    }
  });

  it('accepts Basic credentials, case-insensitively for the login', async () => {
    const res = await new HttpClient(server.url, { basic: [ADMIN_LOGIN.toUpperCase(), ADMIN_PASSWORD] }).get(
      '/api/v1/user/current',
    );
    expect(res.status).toBe(200);
    expect(res.body.login).toBe(ADMIN_LOGIN);
    const wrong = await new HttpClient(server.url, { basic: [ADMIN_LOGIN, 'wrong-password'] }).get(
      '/api/v1/user/current',
    );
    expect(wrong.status).toBe(401);
  });
});

describe('locked users', () => {
  it('refuses a locked user on every method, and accepts it again once unlocked', async () => {
    const password = 'locked-user-pw';
    const user = await createUser(server, 'soc', { password });
    const key = (await server.admin.post(`/api/v1/user/${user}/key/renew`)).text;
    const session = await sessionClient(server.url, user, password);
    expect((await server.admin.patch(`/api/v1/user/${user}`, { locked: true })).status).toBe(204);
    for (const res of [
      await new HttpClient(server.url, { key }).get('/api/v1/user/current'),
      await new HttpClient(server.url, { basic: [user, password] }).get('/api/v1/user/current'),
      await session.get('/api/v1/user/current'),
      await login(server, { user, password }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('AuthenticationError');
    }
    expect((await server.admin.patch(`/api/v1/user/${user}`, { locked: false })).status).toBe(204);
    expect((await new HttpClient(server.url, { key }).get('/api/v1/user/current')).status).toBe(200);
    expect((await login(server, { user, password })).status).toBe(200);
  });
});

describe('organisation selection', () => {
  it('acts in the organisation named by X-Organisation (name or id), else the default one', async () => {
    const password = 'two-orgs-password';
    const user = await createUser(server, 'soc', { password });
    await createOrganisation(server, 'blue');
    const put = await server.admin.put(`/api/v1/user/${user}/organisations`, {
      organisations: [
        { organisation: 'soc', profile: 'analyst', default: true },
        { organisation: 'blue', profile: 'read-only' },
      ],
    });
    expect(put.status).toBe(200);
    const blueId = (await server.admin.get('/api/v1/organisation/blue')).body._id as string;
    const basic = new HttpClient(server.url, { basic: [user, password] });
    expect((await basic.get('/api/v1/user/current')).body).toMatchObject({
      organisation: 'soc',
      profile: 'analyst',
    });
    expect((await basic.in('blue').get('/api/v1/user/current')).body).toMatchObject({
      organisation: 'blue',
      profile: 'read-only',
    });
    expect((await basic.in(blueId).get('/api/v1/user/current')).body).toMatchObject({
      organisation: 'blue',
      profile: 'read-only',
    });
    // Permissions follow the organisation.
    expect((await basic.in('blue').get('/api/v1/user/current')).body.permissions).toEqual([]);

    const session = await sessionClient(server.url, user, password, 'blue');
    expect((await session.get('/api/v1/user/current')).body.organisation).toBe('blue');
    expect((await session.in('soc').get('/api/v1/user/current')).body.organisation).toBe('soc');
  });

  it('refuses an unknown organisation, or one the user is not a member of, with 403 and a message', async () => {
    for (const org of ['no-such-org', 'admin', '~999999']) {
      const res = await soc.analyst.in(org).get('/api/v1/user/current');
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('AuthorizationError');
      expect(res.body.message).toContain(org);
    }
    const atLogin = await login(server, {
      user: soc.logins.analyst,
      password: 'password-1234',
      organisation: 'no-such-org',
    });
    expect(atLogin.status).toBe(403);
    expect(atLogin.body.message).toContain('no-such-org');
  });
});

describe('TOTP second factor', () => {
  it('enables TOTP in two steps, then requires the code at login and refuses Basic', async () => {
    const password = 'totp-user-password';
    const user = await createUser(server, 'soc', { password });
    const basic = new HttpClient(server.url, { basic: [user, password] });
    expect((await basic.get('/api/v1/user/current')).status).toBe(200);

    const first = await basic.post('/api/v1/auth/totp/set');
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    expect(first.body.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(first.body.uri).toContain(first.body.secret);
    const secret = first.body.secret as string;
    // Not enabled yet: login without a code still works.
    expect((await login(server, { user, password })).status).toBe(200);

    const badConfirm = await basic.post('/api/v1/auth/totp/set', { secret, code: wrongCode(secret) });
    expect(badConfirm.status).toBe(400);
    expect(badConfirm.body.message).toContain('code');
    expect((await server.admin.get(`/api/v1/user/${user}`)).body.hasMFA).toBe(false);

    const second = await basic.post('/api/v1/auth/totp/set', { secret, code: currentTotp(secret) });
    expect(second.status).toBe(200);
    expect((await server.admin.get(`/api/v1/user/${user}`)).body.hasMFA).toBe(true);

    const noCode = await login(server, { user, password });
    expect(noCode.status).toBe(401);
    expect(noCode.body.type).toBe('AuthenticationError');
    expect(noCode.body.message).toMatch(/code/i);
    const badCode = await login(server, { user, password, code: wrongCode(secret) });
    expect(badCode.status).toBe(401);
    const good = await login(server, { user, password, code: currentTotp(secret) });
    expect(good.status).toBe(200);
    expect(good.body.login).toBe(user);
    expect(good.body.hasMFA).toBe(true);

    // Basic cannot carry a second factor, even right after a successful Basic call.
    const afterMfa = await basic.get('/api/v1/user/current');
    expect(afterMfa.status).toBe(401);
    expect(afterMfa.body.type).toBe('AuthenticationError');

    // The administrator can remove it; then the password alone works again.
    expect((await server.admin.post(`/api/v1/auth/totp/unset/${user}`)).status).toBe(204);
    expect((await login(server, { user, password })).status).toBe(200);
  });

  it('lets a user remove its own second factor', async () => {
    const password = 'totp-self-password';
    const user = await createUser(server, 'soc', { password });
    const key = (await server.admin.post(`/api/v1/user/${user}/key/renew`)).text;
    const client = new HttpClient(server.url, { key });
    const { secret } = (await client.post('/api/v1/auth/totp/set')).body;
    expect((await client.post('/api/v1/auth/totp/set', { secret, code: currentTotp(secret) })).status).toBe(
      200,
    );
    expect((await login(server, { user, password })).status).toBe(401);
    expect((await client.post('/api/v1/auth/totp/unset')).status).toBe(204);
    expect((await login(server, { user, password })).status).toBe(200);
  });

  it('keeps other users from removing a second factor', async () => {
    const res = await soc.analyst.post(`/api/v1/auth/totp/unset/${soc.logins.readOnly}`);
    expect(res.status).toBe(403);
  });
});

describe('login throttling per account', () => {
  it('refuses even the right password with 429 and Retry-After after 5 failures', async () => {
    const password = 'throttled-password';
    const user = await createUser(server, 'soc', { password });
    for (let i = 0; i < 5; i++) {
      const res = await login(server, { user, password: `wrong-${i}-password` });
      expect(res.status).toBe(401);
    }
    const refused = await login(server, { user, password });
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('TooManyRequests');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // Other accounts are not affected.
    expect((await login(server, { user: soc.logins.analyst, password: 'password-1234' })).status).toBe(200);
  });

  it('counts Basic failures too, so Basic cannot be used to guess passwords', async () => {
    const password = 'basic-throttled-pw';
    const user = await createUser(server, 'soc', { password });
    for (let i = 0; i < 5; i++) {
      const res = await new HttpClient(server.url, { basic: [user, `wrong-${i}-password`] }).get(
        '/api/v1/user/current',
      );
      expect(res.status).toBe(401);
    }
    const refused = await new HttpClient(server.url, { basic: [user, password] }).get('/api/v1/user/current');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(server, { user, password })).status).toBe(429);
  });

  it('resets the count after a successful login', async () => {
    const password = 'reset-count-password';
    const user = await createUser(server, 'soc', { password });
    for (let i = 0; i < 4; i++)
      expect((await login(server, { user, password: 'wrong-password-x' })).status).toBe(401);
    expect((await login(server, { user, password })).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login(server, { user, password: 'wrong-password-x' })).status).toBe(401);
    expect((await login(server, { user, password })).status).toBe(200);
  });
});

describe('servers with other settings', () => {
  const strict = useTestServer({
    auth: { throttle: { maxFailuresPerAddress: 3, maxFailuresPerAccount: 100 } },
  });
  const noBasic = useTestServer({ auth: { basic: false, sessionTimeoutMinutes: 0 } });

  it('throttles per address: after the limit, a right password for another account gets 429', async () => {
    const admin = new HttpClient(strict.url, { basic: [ADMIN_LOGIN, ADMIN_PASSWORD] });
    const key = (await admin.post(`/api/v1/user/${ADMIN_LOGIN}/key/renew`)).text;
    expect(key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    for (const user of ['ghost1@x.test', 'ghost2@x.test', 'ghost3@x.test']) {
      expect((await login(strict, { user, password: 'guess-password' })).status).toBe(401);
    }
    const refused = await login(strict, { user: ADMIN_LOGIN, password: ADMIN_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('TooManyRequests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Basic presents a password too; API keys are not passwords and keep working.
    expect(
      (
        await new HttpClient(strict.url, { basic: ['other@x.test', 'password-1'] }).get(
          '/api/v1/user/current',
        )
      ).status,
    ).toBe(429);
    expect((await new HttpClient(strict.url, { key }).get('/api/v1/user/current')).status).toBe(200);
  });

  it('turns HTTP Basic off, and says so in /api/v1/status', async () => {
    const res = await noBasic.admin.get('/api/v1/user/current');
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('AuthenticationError');
    expect(res.body.message).toMatch(/Basic/);
    const status = await noBasic.anonymous.get('/api/v1/status');
    expect(status.body.config.authType).not.toContain('basic');
    expect((await server.anonymous.get('/api/v1/status')).body.config.authType).toContain('basic');
    // Password login still works.
    expect((await login(noBasic, { user: ADMIN_LOGIN, password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('expires sessions after the inactivity timeout', async () => {
    const client = await sessionClient(noBasic.url, ADMIN_LOGIN, ADMIN_PASSWORD);
    await new Promise((r) => setTimeout(r, 10));
    const res = await client.get('/api/v1/user/current');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired|log in/i);
  });
});
