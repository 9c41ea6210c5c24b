/**
 * Browser: single sign-on through a real OpenID Connect provider (the `oidc-provider` package) with
 * Chromium following every redirect: the login page's button, the provider's login and consent forms,
 * the callback, and back on the page the user asked for, in the organisation and with the profile
 * the groups map to. Then `ssoAutoLogin` skips the button, and `?local` keeps the password form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../server/src/test-support/free-port.js';
import { startOidcProvider, type TestOidcProvider } from '../../../server/src/test-support/oidc-provider.js';
import { startTestServer, type TestServer } from '../../../server/src/test-support/server.js';
import {
  canRunBrowser,
  keepFailure,
  openSession,
  poll,
  type Session,
  useBrowserHarness,
  WEB_DIST,
} from './browser.js';

const SECRET = 'sso-e2e-client-secret';
const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const corp = (autoLogin: boolean) => ({
  auth: {
    sso: {
      autoLogin,
      oidc: [
        {
          name: 'corp',
          label: 'Corporate SSO',
          issuer,
          allowInsecureRequests: true,
          clientId: 'propolis',
          clientSecret: SECRET,
          scopes: ['openid', 'profile', 'email'],
          autoCreate: true,
          fields: { login: 'preferred_username' },
          organisations: [{ group: 'soc-analysts', organisation: 'Blue', profile: 'analyst' }],
        },
      ],
    },
  },
});

describe.skipIf(!canRunBrowser)('single sign-on in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness(corp(false) as never);
  let auto: TestServer;
  let idp: TestOidcProvider;
  let s: Session | undefined;

  beforeAll(async () => {
    auto = await startTestServer({ ...corp(true), web: { dir: WEB_DIST } } as never);
    for (const server of [h.server, auto])
      expect(
        (await server.admin.post('/api/v1/organisation', { name: 'Blue', description: 'Blue' })).status,
      ).toBe(201);
    idp = await startOidcProvider({
      port,
      clientId: 'propolis',
      clientSecret: SECRET,
      redirectUris: [h.server.url, auto.url].map((u) => `${u}/api/v1/sso/oidc/corp/callback`),
      postLogoutRedirectUris: [`${h.server.url}/`, `${auto.url}/`],
      accounts: {
        alice: { preferred_username: 'alice@corp.test', name: 'Alice Analyst', groups: ['soc-analysts'] },
      },
    });
  });
  afterAll(async () => {
    await idp?.stop();
    await auto?.close();
  });

  /** The provider's development login form, then its consent form when it shows one. */
  async function throughProvider(session: Session, account: string) {
    const page = session.page;
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    // back on Propolis, or the consent form first
    const consent = page.locator('input[name="prompt"][value="consent"]');
    const left = page.waitForURL((url) => !url.href.startsWith(issuer));
    await Promise.race([left, consent.waitFor({ state: 'attached' })]).catch(() => {});
    if (page.url().startsWith(issuer)) await page.locator('button[type="submit"]').click();
    await left;
  }

  it('signs in with the provider button and lands on the page asked for, as the mapped profile', async () => {
    s = await openSession(h);
    try {
      await s.page.goto('/cases');
      await s.page.getByRole('link', { name: 'Sign in with Corporate SSO' }).click();
      await throughProvider(s, 'alice');
      await s.page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(new URL(s.page.url()).pathname).toBe('/cases');
      const me = await s.page.evaluate(async () => (await fetch('/api/v1/user/current')).json());
      expect(me).toMatchObject({ login: 'alice@corp.test', organisation: 'Blue', profile: 'analyst' });
      expect(s.errors).toEqual([]);
    } catch (error) {
      await keepFailure(s.page, 'sso-button');
      throw error;
    } finally {
      await s.context.close();
    }
  });

  it('goes straight to the provider with ssoAutoLogin, and keeps the form with ?local', async () => {
    const context = await h.browser.newContext({ baseURL: auto.url });
    const session = { context, page: await context.newPage(), errors: [] };
    try {
      await session.page.goto('/alerts');
      await throughProvider(session, 'alice');
      await session.page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(new URL(session.page.url()).pathname).toBe('/alerts');
      const fresh = await h.browser.newContext({ baseURL: auto.url });
      const local = await fresh.newPage();
      await local.goto('/?local');
      await poll(() => local.getByRole('link', { name: 'Sign in with Corporate SSO' }).count()).toBe(1);
      expect(local.url().startsWith(auto.url)).toBe(true);
      await expect(local.getByLabel('Login').count()).resolves.toBe(1);
      await fresh.close();
    } catch (error) {
      await keepFailure(session.page, 'sso-auto');
      throw error;
    } finally {
      await context.close();
    }
  });
});
