/**
 * Sessions against a real server: login sets the session cookie and the CSRF token, writes carry
 * the token (a write without it is refused, which shows the client's matters), logout ends the
 * session; status, public status and health.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import { PropolisClient } from '../client.js';
import { PropolisApiError } from '../errors.js';
import { useClients } from '../test-support/clients.js';

describe('client.session', () => {
  const c = useClients();

  it('logs in with a session, writes with the CSRF token, and logs out', async () => {
    await c.admin.user.setPassword('ana@soc.test', 'ana-password-1');
    const { client, user } = await PropolisClient.login({
      url: c.server.url,
      user: 'ana@soc.test',
      password: 'ana-password-1',
      organisation: 'soc',
    });
    expect(user.login).toBe('ana@soc.test');
    const cookie = client.transport.session.cookieHeader()!;
    expect(cookie).toMatch(/PROPOLIS-SESSION=/);
    const csrf = client.transport.session.csrfToken()!;
    expect(csrf.length).toBeGreaterThan(10);

    const kase = await client.case.create({ title: 'by session', description: 'd' });
    expect(kase._createdBy).toBe('ana@soc.test');

    // the same cookie without the token is refused: the client's CSRF header is what makes writes work
    const bare = await fetch(`${c.server.url}/api/v1/case`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-organisation': 'soc' },
      body: JSON.stringify({ title: 'no token', description: 'd' }),
    });
    expect(bare.status).toBe(403);

    await client.logout();
    expect(client.transport.session.cookieHeader()).toBeUndefined();
    const after = (await client.user.current().catch((e: unknown) => e)) as PropolisApiError;
    expect(after).toBeInstanceOf(PropolisApiError);
    expect(after.status).toBe(401);
    // the server forgot the session too
    const replay = await fetch(`${c.server.url}/api/v1/user/current`, { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('logs in on a session client, and refuses a wrong password with a typed error', async () => {
    const client = new PropolisClient({ url: c.server.url, session: true });
    const wrong = (await client
      .login({ user: ADMIN_LOGIN, password: 'nope' })
      .catch((e: unknown) => e)) as PropolisApiError;
    expect(wrong.status).toBe(401);
    expect(wrong.type).toBe('AuthenticationError');
    expect((await client.login({ user: ADMIN_LOGIN, password: ADMIN_PASSWORD })).login).toBe(ADMIN_LOGIN);
    expect((await client.organisation.get('soc')).name).toBe('soc');
    await client.organisation.update('soc', { description: 'updated by session' });
    expect((await client.organisation.get('soc')).description).toBe('updated by session');
  });

  it('reads the status, the public status and the health', async () => {
    const status = await c.analyst.session.status();
    expect(status.versions.Propolis).toBeTruthy();
    expect(status.config.protectDownloadsWith).toBe('malware');
    expect(Array.isArray(status.feeders)).toBe(true);
    const anonymous = new PropolisClient({ url: c.server.url, session: true });
    const pub = await anonymous.session.publicStatus();
    expect(pub.authType).toEqual(expect.arrayContaining(['session', 'key']));
    expect(await anonymous.session.health()).toBe(true);
  });

  it('starts two-factor authentication and removes it', async () => {
    const started = await c.analyst.session.setTotp();
    expect(JSON.stringify(started)).toMatch(/secret|uri/i);
    await c.admin.session.unsetTotp('ana@soc.test');
  });
});
