/**
 * Single sign-on settings (docs/sso.md): OpenID Connect providers, SAML identity providers, LDAP or
 * Active Directory directories and trusted-header authentication, each with the mapping of the
 * identity it returns to a Propolis user and memberships. Checked once at start: a wrong setting stops
 * the server with a message naming it, never a failure at the first sign-in.
 */
import { isAddressOrRange } from './trusted-header.js';

/** Which field of the identity (claim, attribute) holds the login, name, e-mail and groups. */
export interface IdentityFields {
  login: string;
  name: string;
  email: string;
  groups: string;
}

/** A group (or claim value) given a profile in an organisation. `group: "*"` matches everybody. */
export interface GroupMapping {
  group: string;
  organisation: string;
  profile: string;
}

export interface ProviderCommon {
  /** Identifier in URLs and in `/api/v1/status/public` (letters, digits, `-`, `_`). */
  name: string;
  /** What a login page shows ("Sign in with ..."). */
  label: string;
  /** Create the Propolis user at the first sign-in (needs a mapped organisation). */
  autoCreate: boolean;
  fields: IdentityFields;
  /**
   * Memberships from groups. When the list is not empty the identity provider is the source of truth:
   * at each sign-in the user's memberships become exactly the mapped ones, and a user no group maps is refused.
   */
  organisations: GroupMapping[];
}

export interface OidcProvider extends ProviderCommon {
  type: 'oidc';
  /** The issuer URL (its /.well-known/openid-configuration is read at the first sign-in). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Allow an http:// issuer (a provider on the loopback in tests); never in production. */
  allowInsecureRequests: boolean;
  /** Send the user to the provider's end_session_endpoint on logout (RP-initiated logout). */
  logoutAtProvider: boolean;
}

export interface SamlProvider extends ProviderCommon {
  type: 'saml';
  /** The identity provider's single sign-on URL (HTTP-Redirect binding). */
  entryPoint: string;
  /** The identity provider's signing certificate(s), PEM (or the path of a PEM file). */
  idpCert: string[];
  /** This service provider's entity id (defaults to <publicUrl>/api/v1/sso/saml/<name>/metadata). */
  entityId: string;
  /** Key and certificate signing the authentication requests (PEM or file paths); empty = unsigned. */
  privateKey: string;
  publicCert: string;
  /** Require the IdP to sign the whole response as well as the assertion. */
  wantAuthnResponseSigned: boolean;
  /** Accepted clock difference, in milliseconds. */
  acceptedClockSkewMs: number;
}

export interface LdapDirectory extends ProviderCommon {
  type: 'ldap';
  /** ldap:// or ldaps:// URLs tried in order: the next one is used when a server cannot be reached. */
  urls: string[];
  /** Upgrade ldap:// connections with StartTLS. */
  startTls: boolean;
  /** CA certificate(s) (PEM or file paths) to verify the servers; empty = the system's CAs. */
  tlsCa: string[];
  tlsRejectUnauthorized: boolean;
  /** The service account that searches users; empty = anonymous search. */
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** `{login}` is replaced by the escaped login (RFC 4515). AD: (sAMAccountName={login}). */
  searchFilter: string;
  /** The attribute on the user entry that lists its groups (memberOf in AD and with the memberof overlay). */
  groupAttribute: string;
  /** Or: search groups under this base with `(member={dn})`-style filter; their `cn` is the group name. */
  groupSearchBase: string;
  groupSearchFilter: string;
  timeoutMs: number;
}

export interface HeaderAuth {
  enabled: boolean;
  /** The header the reverse proxy sets to the authenticated login. */
  userHeader: string;
  /** Addresses or CIDR ranges of the proxies; the header is ignored and refused from anywhere else. */
  proxies: string[];
  label: string;
}

export interface SsoConfig {
  /** The login page goes straight to the first provider (`ssoAutoLogin` of /api/v1/status/public). */
  autoLogin: boolean;
  oidc: OidcProvider[];
  saml: SamlProvider[];
  ldap: LdapDirectory[];
  header: HeaderAuth;
}

export const defaultSsoConfig = (): SsoConfig => ({
  autoLogin: false,
  oidc: [],
  saml: [],
  ldap: [],
  header: { enabled: false, userHeader: 'X-Remote-User', proxies: [], label: 'Single sign-on' },
});

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  constructor(
    private readonly raw: Raw,
    readonly where: string,
  ) {}
  fail(key: string, message: string): never {
    throw new Error(`${this.where}.${key}: ${message}`);
  }
  string(key: string, fallback?: string): string {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') {
      if (fallback !== undefined) return fallback;
      this.fail(key, 'is required');
    }
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${JSON.stringify(v)}`);
    return v;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }
  number(key: string, fallback: number): number {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !(v >= 0))
      this.fail(key, `must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  }
  strings(key: string, fallback: string[]): string[] {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s === ''))
      this.fail(key, 'must be a list of strings');
    return list as string[];
  }
  url(key: string, schemes: string[], fallback?: string): string {
    const v = this.string(key, fallback);
    if (v === '' && fallback === '') return v;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      this.fail(key, `must be a URL, got ${JSON.stringify(v)}`);
    }
    if (!schemes.includes(url.protocol.replace(/:$/, '')))
      this.fail(key, `must be a ${schemes.join(':// or ')}:// URL, got ${JSON.stringify(v)}`);
    return v;
  }
}

/** The secret of a provider from the environment, else the file: PROPOLIS_<KIND>_<NAME>_<WHAT>. */
function secret(env: NodeJS.ProcessEnv, kind: string, name: string, what: string, fromFile: string): string {
  const variable = `PROPOLIS_${kind}_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${what}`;
  return env[variable] || fromFile;
}

function common(r: Reader, raw: Raw, defaults: IdentityFields, names: Set<string>): ProviderCommon {
  const name = r.string('name');
  if (!NAME.test(name)) r.fail('name', 'must be 1 to 64 letters, digits, "-" or "_"');
  if (names.has(name)) r.fail('name', `"${name}" is used by another provider`);
  names.add(name);
  const rawFields = raw.fields ?? {};
  if (!isObject(rawFields)) r.fail('fields', 'must be a mapping (login, name, email, groups)');
  const f = new Reader(rawFields, `${r.where}.fields`);
  const fields: IdentityFields = {
    login: f.string('login', defaults.login),
    name: f.string('name', defaults.name),
    email: f.string('email', defaults.email),
    groups: f.string('groups', defaults.groups),
  };
  const rawMappings = raw.organisations ?? [];
  if (!Array.isArray(rawMappings))
    r.fail('organisations', 'must be a list of {group, organisation, profile}');
  const organisations = rawMappings.map((m, i) => {
    if (!isObject(m)) r.fail(`organisations[${i}]`, 'must be a mapping {group, organisation, profile}');
    const mr = new Reader(m, `${r.where}.organisations[${i}]`);
    return {
      group: mr.string('group'),
      organisation: mr.string('organisation'),
      profile: mr.string('profile'),
    };
  });
  const autoCreate = r.bool('autoCreate', false);
  if (autoCreate && organisations.length === 0)
    r.fail('autoCreate', 'needs at least one entry in organisations (where new users are created)');
  return { name, label: r.string('label', name), autoCreate, fields, organisations };
}

function listOf(value: unknown, where: string): Raw[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where}: must be a list`);
  return value.map((item, i) => {
    if (!isObject(item)) throw new Error(`${where}[${i}]: must be a mapping`);
    return item;
  });
}

/** Checks `auth.sso` as read from the file and fills in defaults and secrets from the environment. */
export function checkSsoConfig(value: unknown, env: NodeJS.ProcessEnv = {}): SsoConfig {
  const base = defaultSsoConfig();
  if (value === undefined || value === null) return base;
  if (!isObject(value)) throw new Error('auth.sso: must be a mapping');
  const top = new Reader(value, 'auth.sso');
  const names = new Set<string>();
  const oidc = listOf(value.oidc, 'auth.sso.oidc').map((raw, i): OidcProvider => {
    const r = new Reader(raw, `auth.sso.oidc[${i}]`);
    const c = common(
      r,
      raw,
      { login: 'preferred_username', name: 'name', email: 'email', groups: 'groups' },
      names,
    );
    const allowInsecureRequests = r.bool('allowInsecureRequests', false);
    return {
      type: 'oidc',
      ...c,
      issuer: r.url('issuer', allowInsecureRequests ? ['https', 'http'] : ['https']),
      clientId: r.string('clientId'),
      clientSecret: secret(env, 'OIDC', c.name, 'CLIENT_SECRET', r.string('clientSecret', '')),
      scopes: r.strings('scopes', ['openid', 'profile', 'email']),
      allowInsecureRequests,
      logoutAtProvider: r.bool('logoutAtProvider', true),
    };
  });
  const saml = listOf(value.saml, 'auth.sso.saml').map((raw, i): SamlProvider => {
    const r = new Reader(raw, `auth.sso.saml[${i}]`);
    const c = common(
      r,
      raw,
      { login: 'nameID', name: 'displayName', email: 'email', groups: 'groups' },
      names,
    );
    const idpCert = r.strings('idpCert', []);
    if (idpCert.length === 0)
      r.fail('idpCert', 'is required: assertions are accepted only when signed by it');
    return {
      type: 'saml',
      ...c,
      entryPoint: r.url('entryPoint', ['https', 'http']),
      idpCert,
      entityId: r.string('entityId', ''),
      privateKey: secret(env, 'SAML', c.name, 'PRIVATE_KEY', r.string('privateKey', '')),
      publicCert: r.string('publicCert', ''),
      wantAuthnResponseSigned: r.bool('wantAuthnResponseSigned', false),
      acceptedClockSkewMs: r.number('acceptedClockSkewMs', 5000),
    };
  });
  const ldap = listOf(value.ldap, 'auth.sso.ldap').map((raw, i): LdapDirectory => {
    const r = new Reader(raw, `auth.sso.ldap[${i}]`);
    const c = common(r, raw, { login: 'uid', name: 'cn', email: 'mail', groups: 'memberOf' }, names);
    const urls = r.strings('urls', []);
    if (urls.length === 0) r.fail('urls', 'needs at least one ldap:// or ldaps:// URL');
    for (const [j, u] of urls.entries()) {
      if (!/^ldaps?:\/\/[^/]+/.test(u))
        r.fail(`urls[${j}]`, `must be an ldap:// or ldaps:// URL, got ${JSON.stringify(u)}`);
    }
    const searchFilter = r.string('searchFilter', '(uid={login})');
    if (!searchFilter.includes('{login}')) r.fail('searchFilter', 'must contain {login}');
    return {
      type: 'ldap',
      ...c,
      urls,
      startTls: r.bool('startTls', false),
      tlsCa: r.strings('tlsCa', []),
      tlsRejectUnauthorized: r.bool('tlsRejectUnauthorized', true),
      bindDn: r.string('bindDn', ''),
      bindPassword: secret(env, 'LDAP', c.name, 'BIND_PASSWORD', r.string('bindPassword', '')),
      searchBase: r.string('searchBase'),
      searchFilter,
      groupAttribute: r.string('groupAttribute', 'memberOf'),
      groupSearchBase: r.string('groupSearchBase', ''),
      groupSearchFilter: r.string(
        'groupSearchFilter',
        '(|(member={dn})(uniqueMember={dn})(memberUid={login}))',
      ),
      timeoutMs: r.number('timeoutMs', 5000),
    };
  });
  const rawHeader = value.header ?? {};
  if (!isObject(rawHeader)) throw new Error('auth.sso.header: must be a mapping');
  const h = new Reader(rawHeader, 'auth.sso.header');
  const header: HeaderAuth = {
    enabled: h.bool('enabled', false),
    userHeader: h.string('userHeader', base.header.userHeader),
    proxies: h.strings('proxies', []),
    label: h.string('label', base.header.label),
  };
  if (header.enabled && header.proxies.length === 0)
    h.fail('proxies', 'must list the reverse proxy addresses when header authentication is enabled');
  for (const [i, proxy] of header.proxies.entries()) {
    if (!isAddressOrRange(proxy))
      h.fail(`proxies[${i}]`, `must be an IP address or CIDR range, got ${JSON.stringify(proxy)}`);
  }
  if (!/^[A-Za-z0-9-]+$/.test(header.userHeader)) h.fail('userHeader', 'must be an HTTP header name');
  return { autoLogin: top.bool('autoLogin', false), oidc, saml, ldap, header };
}

/** Providers a browser signs in with by a redirect, in the order shown on the login page. */
export function redirectProviders(sso: SsoConfig): Array<OidcProvider | SamlProvider> {
  return [...sso.oidc, ...sso.saml];
}
