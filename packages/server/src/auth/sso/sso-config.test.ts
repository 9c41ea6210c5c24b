/**
 * Single sign-on settings as read from the YAML file and the environment: defaults filled in, secrets
 * taken from PROPOLIS_* variables, and every mistake refused at start with the setting's path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { checkSsoConfig } from './sso-config.js';

const oidc = (extra: Record<string, unknown> = {}) => ({
  oidc: [{ name: 'corp', issuer: 'https://idp.example.org', clientId: 'propolis', ...extra }],
});

describe('auth.sso settings', () => {
  it('reads a YAML file with every method, with defaults and secrets from the environment', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-sso-config-'));
    try {
      const file = path.join(dir, 'propolis.yml');
      await writeFile(
        file,
        `publicUrl: https://propolis.example.org/
auth:
  sso:
    autoLogin: true
    oidc:
      - name: corp
        issuer: https://login.example.org/realms/soc
        clientId: propolis
        organisations:
          - { group: soc, organisation: Blue, profile: analyst }
        autoCreate: true
    ldap:
      - name: ad
        urls: [ldaps://dc1.example.org, ldaps://dc2.example.org]
        bindDn: CN=propolis,OU=Services,DC=example,DC=org
        searchBase: OU=People,DC=example,DC=org
        searchFilter: (sAMAccountName={login})
    header:
      enabled: true
      proxies: [10.0.0.5, 192.168.0.0/24]
`,
      );
      const config = loadConfig(
        { PROPOLIS_OIDC_CORP_CLIENT_SECRET: 'from-env-1', PROPOLIS_LDAP_AD_BIND_PASSWORD: 'from-env-2' },
        file,
      );
      expect(config.publicUrl).toBe('https://propolis.example.org');
      const { sso } = config.auth;
      expect(sso.autoLogin).toBe(true);
      expect(sso.oidc[0]).toMatchObject({
        label: 'corp',
        clientSecret: 'from-env-1',
        scopes: ['openid', 'profile', 'email'],
        fields: { login: 'preferred_username', groups: 'groups' },
        autoCreate: true,
        logoutAtProvider: true,
      });
      expect(sso.ldap[0]).toMatchObject({
        bindPassword: 'from-env-2',
        startTls: false,
        groupAttribute: 'memberOf',
        fields: { login: 'uid' },
      });
      expect(sso.header).toMatchObject({ enabled: true, userHeader: 'X-Remote-User' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const refused: Array<[string, unknown, string]> = [
    ['a list in place of a mapping', [], 'auth.sso: must be a mapping'],
    [
      'a provider without issuer',
      { oidc: [{ name: 'x', clientId: 'c' }] },
      'auth.sso.oidc[0].issuer: is required',
    ],
    [
      'an http issuer',
      oidc({ issuer: 'http://idp.example.org' }),
      'auth.sso.oidc[0].issuer: must be a https:// URL',
    ],
    ['a bad name', oidc({ name: 'a b' }), 'auth.sso.oidc[0].name: must be 1 to 64 letters'],
    [
      'two providers of one name',
      { ...oidc(), saml: [{ name: 'corp', entryPoint: 'https://i', idpCert: 'x' }] },
      'auth.sso.saml[0].name: "corp" is used by another provider',
    ],
    [
      'autoCreate without mapping',
      oidc({ autoCreate: true }),
      'auth.sso.oidc[0].autoCreate: needs at least one entry',
    ],
    [
      'a mapping without profile',
      oidc({ organisations: [{ group: 'g', organisation: 'o' }] }),
      'auth.sso.oidc[0].organisations[0].profile: is required',
    ],
    [
      'SAML without IdP certificate',
      { saml: [{ name: 's', entryPoint: 'https://i' }] },
      'auth.sso.saml[0].idpCert: is required',
    ],
    [
      'an LDAP URL of another scheme',
      { ldap: [{ name: 'l', urls: ['http://dc'], searchBase: 'dc=x' }] },
      'auth.sso.ldap[0].urls[0]: must be an ldap://',
    ],
    [
      'an LDAP filter without {login}',
      { ldap: [{ name: 'l', urls: ['ldap://dc'], searchBase: 'dc=x', searchFilter: '(uid=admin)' }] },
      'auth.sso.ldap[0].searchFilter: must contain {login}',
    ],
    ['header auth without proxies', { header: { enabled: true } }, 'auth.sso.header.proxies: must list'],
    [
      'a proxy that is no address',
      { header: { enabled: true, proxies: ['proxy.local'] } },
      'auth.sso.header.proxies[0]: must be an IP address',
    ],
  ];
  for (const [what, value, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => checkSsoConfig(value)).toThrow(message);
    });
  }

  it('refuses a bad setting when the server loads its configuration', () => {
    expect(() => loadConfig({}, undefined, { auth: { sso: oidc({ clientId: 5 }) } } as never)).toThrow(
      'auth.sso.oidc[0].clientId: must be a string, got 5',
    );
    expect(() => loadConfig({ PROPOLIS_PUBLIC_URL: 'propolis.example.org' })).toThrow(
      'publicUrl: must be an http',
    );
  });
});
