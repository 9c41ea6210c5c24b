/**
 * The sign-in policy over HTTP: methods an organisation accepts (checked at login and on every
 * request, X-Organisation included), second factors required per organisation and per profile, and
 * the password rules (length, history). API keys keep working whatever the policy.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createUser } from '../test-support/factories.js';
import { HttpClient } from '../test-support/http.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { currentTotp } from './totp.js';

const server = useTestServer({
  auth: {
    throttle: { maxFailuresPerAddress: 10_000 },
    policy: {
      password: { minLength: 12, history: 3 },
      mfaProfiles: ['org-admin'],
      organisations: {
        strict: { methods: ['oidc', 'saml'] },
        guarded: { mfaRequired: true },
      },
    },
  },
} as never);
const open = useOrganisation(server, 'open');
const strict = useOrganisation(server, 'strict');
const guarded = useOrganisation(server, 'guarded');
const PASSWORD = 'long-enough-password';

async function signIn(login: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
  const client = new HttpClient(server.url, { session: true });
  const res = await client.post('/api/v1/login', { user: login, password, ...extra });
  return { client, res };
}

describe('sign-in methods per organisation', () => {
  it('refuses a password sign-in where only single sign-on is accepted, and says what to use', async () => {
    const login = await createUser(server, 'strict', { password: PASSWORD });
    const { res } = await signIn(login);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'Organisation strict does not accept sign-in with local: use oidc or saml (API keys always work)',
    );
    expect(res.headers.getSetCookie()).toEqual([]);
    const basic = new HttpClient(server.url, { basic: [login, PASSWORD] });
    expect((await basic.get('/api/v1/user/current')).status).toBe(403);
    // scripts keep working
    expect((await strict.analyst.get('/api/v1/user/current')).status).toBe(200);
  });

  it('checks every request: a session opened elsewhere cannot switch into the organisation', async () => {
    const login = await createUser(server, 'open', { password: PASSWORD });
    const set = await server.admin.put(`/api/v1/user/${login}/organisations`, {
      organisations: [
        { organisation: 'open', profile: 'analyst', default: true },
        { organisation: 'strict', profile: 'analyst' },
      ],
    });
    expect(set.status).toBe(200);
    const { client, res } = await signIn(login);
    expect(res.status).toBe(200);
    expect((await client.get('/api/v1/user/current')).body.organisation).toBe('open');
    const switched = await client.in('strict').get('/api/v1/user/current');
    expect(switched.status).toBe(403);
    expect(switched.body.message).toContain('does not accept sign-in with local');
  });
});

describe('second factor required', () => {
  it('lets a member without one only set it up, then signs in with a code', async () => {
    const login = await createUser(server, 'guarded', { password: PASSWORD });
    const { client, res } = await signIn(login);
    expect(res.status).toBe(200);
    const refused = await client.get('/api/v1/case/~1');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'AuthorizationError', object: { mfaSetupRequired: true } });
    expect(refused.body.message).toContain('set up TOTP first');
    expect((await client.get('/api/v1/user/current')).status).toBe(200);
    const { secret } = (await client.post('/api/v1/auth/totp/set')).body;
    expect((await client.post('/api/v1/auth/totp/set', { secret, code: currentTotp(secret) })).status).toBe(
      200,
    );
    const again = await signIn(login, PASSWORD, { code: currentTotp(secret) });
    expect(again.res.status).toBe(200);
    expect((await again.client.post('/api/v1/query', { query: [{ _name: 'listCase' }] })).status).toBe(200);
    // API keys are not concerned
    expect((await guarded.analyst.post('/api/v1/query', { query: [{ _name: 'listCase' }] })).status).toBe(
      200,
    );
  });

  it('requires it of the listed profiles in any organisation, and refuses Basic for them', async () => {
    const login = await createUser(server, 'open', { profile: 'org-admin', password: PASSWORD });
    const { client } = await signIn(login);
    expect((await client.post('/api/v1/query', { query: [{ _name: 'listCase' }] })).status).toBe(403);
    const basic = new HttpClient(server.url, { basic: [login, PASSWORD] });
    const res = await basic.get('/api/v1/case/~1');
    expect(res.status).toBe(403);
    expect(res.body.object).toEqual({ mfaSetupRequired: true });
    // an analyst of the same organisation is not concerned
    const analyst = await createUser(server, 'open', { password: PASSWORD });
    const signed = await signIn(analyst);
    expect((await signed.client.post('/api/v1/query', { query: [{ _name: 'listCase' }] })).status).toBe(200);
    expect(open.name).toBe('open');
  });
});

describe('password rules', () => {
  it('refuses a short password with the configured length', async () => {
    const res = await server.admin.post('/api/v1/user', {
      login: 'short@open.test',
      name: 'Short',
      profile: 'analyst',
      organisation: 'open',
      password: 'only-11-chr',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('password: must be at least 12 characters');
  });

  it('refuses the last three passwords again, and accepts an older one', async () => {
    const login = await createUser(server, 'open', { password: 'password-number-0' });
    const set = (password: string) => server.admin.post(`/api/v1/user/${login}/password/set`, { password });
    for (const n of [1, 2, 3]) expect((await set(`password-number-${n}`)).status).toBe(204);
    for (const n of [1, 2, 3]) {
      const res = await set(`password-number-${n}`);
      expect(res.status, `password ${n}`).toBe(400);
      expect(res.body.message).toBe('password: must differ from the last 3 passwords');
    }
    expect((await set('password-number-0')).status).toBe(204);
    expect((await signIn(login, 'password-number-0')).res.status).toBe(200);
  });
});

describe('configuration', () => {
  const policy = (p: unknown) => () => loadConfig({}, undefined, { auth: { policy: p } } as never);
  it('refuses a mistyped method, a bad length and a history out of range', () => {
    expect(policy({ organisations: { soc: { methods: ['locale'] } } })).toThrow(
      'auth.policy.organisations.soc.methods: unknown method "locale"; use local, ldap, oidc, saml, header',
    );
    expect(policy({ organisations: { soc: { methods: [] } } })).toThrow('must be a non-empty list');
    expect(policy({ password: { minLength: 0, history: 0 } })).toThrow('minLength: must be an integer');
    expect(policy({ password: { minLength: 8, history: 99 } })).toThrow('history: must be an integer');
    expect(policy({ password: { minLength: 10, history: 2 } })().auth.policy.password).toEqual({
      minLength: 10,
      history: 2,
    });
  });
});
