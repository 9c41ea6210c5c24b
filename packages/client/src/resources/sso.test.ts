/**
 * Single sign-on through the client against a real server with trusted-header sign-on: the login
 * URL the client builds is the one the public status lists and opens a session when the proxy
 * names the user; `ssoLogout` ends a session and says there is no provider session to end.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import { PropolisClient } from '../client.js';
import type { PropolisApiError } from '../errors.js';
import { useClients } from '../test-support/clients.js';

describe('client.session single sign-on', () => {
  const c = useClients({
    auth: {
      sso: { header: { enabled: true, userHeader: 'X-Remote-User', proxies: ['127.0.0.1'] } },
    } as never,
  });

  it('builds the login URL the server lists, which signs the named user in', async () => {
    const anonymous = new PropolisClient({ url: c.server.url, session: true });
    const pub = await anonymous.session.publicStatus();
    const header = pub.ssoProviders.find((p) => p.type === 'header');
    expect(header?.loginUrl).toBe('/api/v1/sso/header/login');
    const url = anonymous.session.ssoLoginUrl('header', undefined, '/cases');
    expect(url).toBe(`${c.server.url}/api/v1/sso/header/login?redirect=%2Fcases`);
    const res = await fetch(url, { redirect: 'manual', headers: { 'x-remote-user': 'ana@soc.test' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/cases');
    expect(res.headers.getSetCookie().some((k) => k.startsWith('PROPOLIS-SESSION='))).toBe(true);
    expect(anonymous.session.ssoLoginUrl('oidc', 'corp id')).toBe(
      `${c.server.url}/api/v1/sso/oidc/corp%20id/login`,
    );
  });

  it('ends a session with ssoLogout', async () => {
    const { client } = await PropolisClient.login({
      url: c.server.url,
      user: ADMIN_LOGIN,
      password: ADMIN_PASSWORD,
    });
    expect((await client.user.current()).login).toBe(ADMIN_LOGIN);
    expect(await client.session.ssoLogout()).toEqual({ redirect: null });
    expect(((await client.user.current().catch((e: unknown) => e)) as PropolisApiError).status).toBe(401);
  });
});
