/**
 * OpenID Connect sign-in against a real provider (oidc-provider) on the loopback: the browser's whole
 * redirect flow (login form, consent, callback), users created and mapped by their groups, the
 * session as a local login's, RP-initiated logout, and refusals (a foreign state, an unmapped user,
 * a tampered, expired or foreign ID token, a provider that is down) that create nothing.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, type Page } from '../../test-support/browser.js';
import { freePort } from '../../test-support/free-port.js';
import { startOidcProvider, type TestOidcProvider } from '../../test-support/oidc-provider.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

const CLIENT_SECRET = 'oidc-client-secret-4d1f';

describe('OpenID Connect single sign-on', () => {
  let server: TestServer;
  let idp: TestOidcProvider;

  beforeAll(async () => {
    const port = await freePort();
    const downPort = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const fields = { login: 'preferred_username' };
    server = await startTestServer({
      auth: {
        sso: {
          autoLogin: true,
          oidc: [
            {
              name: 'corp',
              label: 'Corporate SSO',
              issuer,
              allowInsecureRequests: true,
              clientId: 'propolis',
              clientSecret: CLIENT_SECRET,
              scopes: ['openid', 'profile', 'email'],
              autoCreate: true,
              fields,
              organisations: [
                { group: 'soc-analysts', organisation: 'Blue', profile: 'analyst' },
                { group: 'soc-leads', organisation: 'Blue', profile: 'org-admin' },
                { group: 'auditors', organisation: 'Red', profile: 'read-only' },
              ],
            },
            {
              name: 'down',
              issuer: `http://127.0.0.1:${downPort}`,
              allowInsecureRequests: true,
              clientId: 'propolis',
              clientSecret: 'x',
            },
          ],
        },
      } as never,
    });
    for (const name of ['Blue', 'Red'])
      expect((await server.admin.post('/api/v1/organisation', { name, description: name })).status).toBe(201);
    idp = await startOidcProvider({
      port,
      clientId: 'propolis',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/api/v1/sso/oidc/corp/callback`],
      postLogoutRedirectUris: [`${server.url}/`],
      accounts: {
        alice: {
          preferred_username: 'alice@corp.test',
          name: 'Alice Analyst',
          email: 'alice@corp.test',
          groups: ['soc-analysts', 'auditors'],
        },
        bob: {
          preferred_username: 'bob@corp.test',
          name: 'Bob',
          email: 'bob@corp.test',
          groups: ['marketing'],
        },
        carol: { preferred_username: 'carol@corp.test', name: 'Carol', groups: ['soc-analysts'] },
      },
    });
  });
  afterAll(async () => {
    await idp?.stop();
    await server?.close();
  });

  const onPropolis = (url: string) => url.startsWith(server.url) && !url.includes('/api/v1/sso/');

  /** Runs the browser flow through the provider's login and consent pages; answers the last page. */
  async function signIn(browser: Browser, account: string, redirect = '/index.html#/cases'): Promise<Page> {
    const login = await browser.navigate(
      `${server.url}/api/v1/sso/oidc/corp/login?redirect=${encodeURIComponent(redirect)}`,
      {},
      onPropolis,
    );
    expect(login.url).toContain(idp.issuer);
    expect(login.text).toContain('name="login"');
    let page = await browser.submit(login, { login: account, password: 'any' }, onPropolis);
    if (!onPropolis(page.url) && page.text.includes('name="prompt" value="consent"'))
      page = await browser.submit(page, {}, onPropolis);
    return page;
  }

  const users = async () =>
    (await server.admin.post('/api/v1/query', { query: [{ _name: 'listUser' }] })).body.map(
      (u: { login: string }) => u.login,
    );

  it('lists the providers and ssoAutoLogin in the public status, without secrets', async () => {
    const res = await server.anonymous.get('/api/v1/status/public');
    expect(res.body.ssoAutoLogin).toBe(true);
    expect(res.body.ssoProviders).toEqual([
      { name: 'corp', type: 'oidc', label: 'Corporate SSO', loginUrl: '/api/v1/sso/oidc/corp/login' },
      { name: 'down', type: 'oidc', label: 'down', loginUrl: '/api/v1/sso/oidc/down/login' },
    ]);
    expect(res.body.authType).toContain('oauth2');
    const all = JSON.stringify([res.body, (await server.admin.get('/api/v1/status')).body]);
    expect(all).not.toContain(CLIENT_SECRET);
  });

  it('signs a new user in through the provider, creates it with the mapped memberships, opens a session', async () => {
    const browser = new Browser();
    const end = await signIn(browser, 'alice');
    expect(end.status).toBe(302);
    expect(end.url).toBe(`${server.url}/index.html#/cases`);
    const session = browser.cookie(server.url, 'PROPOLIS-SESSION');
    const csrf = browser.cookie(server.url, 'PROPOLIS-XSRF-TOKEN');
    expect(session).toBeTruthy();
    expect(csrf).toBeTruthy();
    const me = await browser.fetch(`${server.url}/api/v1/user/current`);
    expect(me.status).toBe(200);
    const user = JSON.parse(me.text);
    expect(user).toMatchObject({ login: 'alice@corp.test', name: 'Alice Analyst', email: 'alice@corp.test' });
    expect(user.organisation).toBe('Blue');
    expect(user.profile).toBe('analyst');
    const orgs = (await server.admin.get('/api/v1/user/alice@corp.test')).body.organisations;
    expect(orgs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisation: 'Blue', profile: 'analyst' }),
        expect.objectContaining({ organisation: 'Red', profile: 'read-only' }),
      ]),
    );
    // a cookie-authenticated write still needs the CSRF token, as after a local login
    const noCsrf = await browser.fetch(`${server.url}/api/v1/case`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(noCsrf.status).toBe(403);
    // the same person signs in again: the same user, no duplicate
    const again = await signIn(new Browser(), 'alice');
    expect(again.status).toBe(302);
    expect((await users()).filter((l: string) => l === 'alice@corp.test')).toHaveLength(1);
  });

  it('ends the session and sends the browser to the provider to log out there (RP-initiated)', async () => {
    const browser = new Browser();
    await signIn(browser, 'carol');
    const csrf = browser.cookie(server.url, 'PROPOLIS-XSRF-TOKEN') ?? '';
    const out = await browser.fetch(`${server.url}/api/v1/sso/logout`, {
      method: 'POST',
      headers: { 'x-propolis-xsrf-token': csrf },
    });
    expect(out.status).toBe(200);
    const redirect = new URL(JSON.parse(out.text).redirect);
    expect(redirect.origin).toBe(idp.issuer);
    expect(redirect.searchParams.get('id_token_hint')).toBeTruthy();
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`);
    expect((await browser.fetch(`${server.url}/api/v1/user/current`)).status).toBe(401);
    // the provider accepts the logout request it was sent
    const atProvider = await browser.fetch(redirect.href);
    expect(atProvider.status).toBe(200);
    expect(atProvider.text).toContain('form');
  });

  it('refuses a user none of whose groups is mapped, and creates nothing', async () => {
    const end = await signIn(new Browser(), 'bob');
    expect(end.status).toBe(401);
    expect(JSON.parse(end.text).message).toMatch(/None of the groups of bob@corp.test .* mapped/);
    expect(await users()).not.toContain('bob@corp.test');
  });

  it('refuses a callback whose state this browser did not start (login CSRF)', async () => {
    const victim = new Browser();
    const attacker = new Browser();
    const login = await attacker.navigate(`${server.url}/api/v1/sso/oidc/corp/login`, {}, onPropolis);
    const consent = await attacker.submit(login, { login: 'carol', password: 'x' }, onPropolis);
    const callback = consent.url.includes('/callback')
      ? consent
      : await attacker.submit(consent, {}, (u) => u.includes('/callback'));
    expect(callback.url).toContain('/api/v1/sso/oidc/corp/callback');
    const res = await victim.fetch(callback.url);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).message).toContain('does not belong to a sign-in started by this browser');
    expect(victim.cookie(server.url, 'PROPOLIS-SESSION')).toBeUndefined();
  });

  describe('ID tokens that must be refused', () => {
    const nonceOf = (token: unknown) =>
      JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()).nonce;
    // signed with the provider's own key and carrying the right nonce: only the claim under test is wrong
    const signed = async (claims: Record<string, unknown>, aud = 'propolis', exp: string | number = '5m') =>
      new SignJWT({ preferred_username: 'mallory@corp.test', groups: ['soc-leads'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: idp.kid })
        .setIssuer(idp.issuer)
        .setSubject('mallory')
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(idp.privateKey);
    const cases: Array<[string, (body: Record<string, unknown>) => Promise<string>, RegExp]> = [
      [
        'a tampered signature',
        async (body) => {
          const token = String(body.id_token);
          const [h, p, s] = token.split('.');
          const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
          payload.groups = ['soc-leads'];
          return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
        },
        /could not be verified/,
      ],
      [
        'an expired token',
        async (body) =>
          signed({ nonce: nonceOf(body.id_token) }, 'propolis', Math.floor(Date.now() / 1000) - 3600),
        /could not be verified.*claim exp/i,
      ],
      [
        'a token for another audience',
        async (body) => signed({ nonce: nonceOf(body.id_token) }, 'another-client'),
        /could not be verified.*claim aud/i,
      ],
    ];
    for (const [what, rewrite, message] of cases) {
      it(`refuses ${what}: 401 with a clear message, no user, no session`, async () => {
        const browser = new Browser();
        idp.rewriteTokens = async (body) => ({ ...body, id_token: await rewrite(body) });
        try {
          const end = await signIn(browser, 'alice');
          expect(end.status).toBe(401);
          expect(JSON.parse(end.text).message).toMatch(message);
        } finally {
          idp.rewriteTokens = undefined;
        }
        expect(browser.cookie(server.url, 'PROPOLIS-SESSION')).toBeUndefined();
        expect(await users()).not.toContain('mallory@corp.test');
      });
    }
  });

  it('answers 502 naming the provider when it cannot be reached, and keeps serving', async () => {
    const res = await new Browser().fetch(`${server.url}/api/v1/sso/oidc/down/login`);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.text).message).toMatch(
      /OpenID Connect provider down: cannot read the discovery document/,
    );
    expect((await server.anonymous.get('/api/health')).status).toBe(200);
    expect((await new Browser().fetch(`${server.url}/api/v1/sso/oidc/nope/login`)).status).toBe(404);
  });
});
