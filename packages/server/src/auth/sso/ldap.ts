/**
 * LDAP and Active Directory sign-in over `ldapts` (loaded with import() at the first LDAP login):
 * bind with the service account (or anonymously), find the one entry whose login matches (the login
 * is escaped into the filter, RFC 4515), bind as that entry with the password given, and read its
 * groups. The directory's URLs are tried in order: a server that cannot be reached hands over to the
 * next; a wrong password does not.
 */
import { isIP } from 'node:net';
import { PropolisError } from '@propolis/core';
import type { Client, ClientOptions, Entry } from 'ldapts';
import type { ExternalIdentity } from './identity.js';
import { pem } from './saml.js';
import type { LdapDirectory } from './sso-config.js';

type Ldapts = typeof import('ldapts');
let library: Promise<Ldapts> | undefined;
const load = () => {
  library ??= import('ldapts');
  return library;
};

export type LdapOutcome =
  | { kind: 'ok'; identity: ExternalIdentity; dn: string }
  | { kind: 'unknown-user' }
  | { kind: 'wrong-password' };

const text = (value: Entry[string] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) =>
    Buffer.isBuffer(v) ? v.toString('utf8') : String(v),
  );

/** Substitutes `{name}` placeholders with filter-escaped values. */
function fill(template: string, values: Record<string, string>, escapeValue: (v: string) => string): string {
  return template.replace(/\{(login|dn)\}/g, (_, key: string) => escapeValue(values[key] ?? ''));
}

/** A connection to `url` (upgraded with StartTLS when configured), bound as `dn` or the service account. */
async function connect(
  lib: Ldapts,
  dir: LdapDirectory,
  url: string,
  as: { dn: string; password: string } = { dn: dir.bindDn, password: dir.bindPassword },
): Promise<Client> {
  const tlsOptions = {
    ca: dir.tlsCa.length > 0 ? dir.tlsCa.map(pem) : undefined,
    rejectUnauthorized: dir.tlsRejectUnauthorized,
  };
  // ldapts speaks TLS from the start whenever tlsOptions is given: only for ldaps://
  const options: ClientOptions = {
    url,
    timeout: dir.timeoutMs,
    connectTimeout: dir.timeoutMs,
    ...(url.startsWith('ldaps://') ? { tlsOptions } : {}),
  };
  const client = new lib.Client(options);
  if (dir.startTls && url.startsWith('ldap://')) {
    // the certificate is checked against the URL's host (ldapts would check "localhost")
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    await client.startTLS({ ...tlsOptions, host, servername: isIP(host) ? undefined : host });
  }
  try {
    // no dn: an anonymous search
    if (as.dn) await client.bind(as.dn, as.password);
  } catch (error) {
    await client.unbind().catch(() => {});
    throw error;
  }
  return client;
}

export async function ldapAuthenticate(
  dir: LdapDirectory,
  login: string,
  password: string,
): Promise<LdapOutcome> {
  // an empty password is an unauthenticated bind, which LDAP servers accept: never a sign-in
  if (password === '' || login === '') return { kind: 'wrong-password' };
  const lib = await load();
  const problems: string[] = [];
  for (const url of dir.urls) {
    let client: Client;
    try {
      client = await connect(lib, dir, url);
    } catch (error) {
      if (error instanceof lib.InvalidCredentialsError)
        throw new PropolisError(
          'AuthenticationError',
          `LDAP directory ${dir.name}: the service account was refused by ${url}: check bindDn and bindPassword`,
          { status: 502 },
        );
      problems.push(
        `${url}: ${(error as Error).message || (error as { code?: string }).code || String(error)}`,
      );
      continue;
    }
    try {
      return await lookUp(lib, client, url, dir, login, password);
    } catch (error) {
      if (error instanceof lib.ResultCodeError)
        throw new PropolisError(
          'AuthenticationError',
          `LDAP directory ${dir.name} (${url}): ${error.message}`,
          { status: 502 },
        );
      problems.push(`${url}: ${(error as Error).message}`);
    } finally {
      await client.unbind().catch(() => {});
    }
  }
  throw new PropolisError(
    'AuthenticationError',
    `LDAP directory ${dir.name}: no server could be reached (${problems.join('; ')})`,
    { status: 502 },
  );
}

async function lookUp(
  lib: Ldapts,
  client: Client,
  url: string,
  dir: LdapDirectory,
  login: string,
  password: string,
): Promise<LdapOutcome> {
  const { fields } = dir;
  const filter = fill(dir.searchFilter, { login }, (v) => lib.Filter.escape(v));
  const { searchEntries } = await client.search(dir.searchBase, {
    scope: 'sub',
    filter,
    sizeLimit: 2,
    attributes: [fields.login, fields.name, fields.email, dir.groupAttribute, fields.groups],
  });
  if (searchEntries.length !== 1) return { kind: 'unknown-user' };
  const entry = searchEntries[0] as Entry;
  try {
    const asUser = await connect(lib, dir, url, { dn: entry.dn, password });
    await asUser.unbind().catch(() => {});
  } catch (error) {
    if (error instanceof lib.InvalidCredentialsError) return { kind: 'wrong-password' };
    throw error;
  }
  const groups = [
    ...text(entry[dir.groupAttribute]),
    ...(fields.groups !== dir.groupAttribute ? text(entry[fields.groups]) : []),
  ];
  if (dir.groupSearchBase) {
    const found = await client.search(dir.groupSearchBase, {
      scope: 'sub',
      filter: fill(dir.groupSearchFilter, { login, dn: entry.dn }, (v) => lib.Filter.escape(v)),
      attributes: ['cn'],
    });
    for (const group of found.searchEntries) groups.push(group.dn, ...text(group.cn));
  }
  return {
    kind: 'ok',
    dn: entry.dn,
    identity: {
      login: text(entry[fields.login])[0] ?? login,
      name: text(entry[fields.name])[0],
      email: text(entry[fields.email])[0],
      groups,
    },
  };
}
