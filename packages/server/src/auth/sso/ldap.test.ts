/**
 * LDAP / Active Directory sign-in against a real OpenLDAP (slapd) on the loopback: the service account
 * searches, the user binds, groups (memberOf, or a group search) map to memberships; StartTLS and
 * ldaps:// with the server's certificate as CA; fail-over past a dead server; refusals (wrong
 * password, unknown user, filter injection, directory down) that create nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/free-port.js';
import { HttpClient } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';
import { LDAP_BASE, type Slapd, slapdAvailable, startSlapd } from '../../test-support/slapd.js';

const SERVICE_PASSWORD = 'service-secret-7c2';
const PEOPLE = `ou=people,${LDAP_BASE}`;

const LDIF = `dn: ${LDAP_BASE}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,${LDAP_BASE}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${LDAP_BASE}
objectClass: organizationalUnit
ou: groups

dn: ou=services,${LDAP_BASE}
objectClass: organizationalUnit
ou: services

dn: cn=propolis,ou=services,${LDAP_BASE}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: propolis
userPassword: ${SERVICE_PASSWORD}

dn: uid=alice,${PEOPLE}
objectClass: inetOrgPerson
objectClass: adStyleUser
uid: alice
sAMAccountName: alice
userPrincipalName: alice@example.org
cn: Alice Directory
sn: Directory
mail: alice@example.org
userPassword: alice-pass-1

dn: uid=bob,${PEOPLE}
objectClass: inetOrgPerson
uid: bob
cn: Bob Outsider
sn: Outsider
userPassword: bob-pass-1

dn: uid=dave,${PEOPLE}
objectClass: inetOrgPerson
uid: dave
cn: Dave Lead
sn: Lead
userPassword: dave-pass-1

dn: cn=soc,ou=groups,${LDAP_BASE}
objectClass: groupOfNames
cn: soc
member: uid=alice,${PEOPLE}

dn: cn=soc-leads,ou=groups,${LDAP_BASE}
objectClass: groupOfNames
cn: soc-leads
member: uid=dave,${PEOPLE}
`;

describe.runIf(slapdAvailable)('LDAP and Active Directory sign-in', () => {
  let slapd: Slapd;
  let deadUrl: string;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    slapd = await startSlapd(LDIF);
    deadUrl = `ldap://127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await slapd?.stop();
  });

  const directory = (extra: Record<string, unknown>) => ({
    name: 'corp-ldap',
    bindDn: `cn=propolis,ou=services,${LDAP_BASE}`,
    bindPassword: SERVICE_PASSWORD,
    searchBase: PEOPLE,
    autoCreate: true,
    timeoutMs: 3000,
    organisations: [
      { group: 'soc', organisation: 'Blue', profile: 'analyst' },
      { group: 'soc-leads', organisation: 'Blue', profile: 'org-admin' },
    ],
    ...extra,
  });

  async function serverWith(...directories: Record<string, unknown>[]): Promise<TestServer> {
    const server = await startTestServer({ auth: { sso: { ldap: directories } } as never });
    servers.push(server);
    await server.admin.post('/api/v1/organisation', { name: 'Blue', description: 'Blue team' });
    return server;
  }

  const login = async (server: TestServer, user: string, password: string) => {
    const client = new HttpClient(server.url, { session: true });
    const res = await client.post('/api/v1/login', { user, password });
    return { client, res };
  };
  const logins = async (server: TestServer) =>
    (await server.admin.post('/api/v1/query', { query: [{ _name: 'listUser' }] })).body.map(
      (u: { login: string }) => u.login,
    );

  describe('StartTLS, memberOf, fail-over', () => {
    let server: TestServer;
    beforeAll(async () => {
      // the first URL has nobody listening: the directory fails over to the second
      server = await serverWith(
        directory({ urls: [deadUrl, slapd.url], startTls: true, tlsCa: [slapd.caFile] }),
      );
    });

    it('signs a directory user in (creating it with the memberships its groups map to)', async () => {
      const { client, res } = await login(server, 'alice', 'alice-pass-1');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        login: 'alice',
        name: 'Alice Directory',
        organisation: 'Blue',
        profile: 'analyst',
      });
      const me = await client.get('/api/v1/user/current');
      expect(me.status).toBe(200);
      expect(me.body.email).toBe('alice@example.org');
      expect((await login(server, 'dave', 'dave-pass-1')).res.body.profile).toBe('org-admin');
    });

    it('refuses a wrong password, an unknown user and a user whose groups are not mapped', async () => {
      const wrong = await login(server, 'alice', 'not-her-password');
      expect(wrong.res.status).toBe(401);
      expect(wrong.res.body.message).toBe('Authentication failure: wrong login or password');
      expect((await login(server, 'nobody', 'x-password')).res.status).toBe(401);
      const bob = await login(server, 'bob', 'bob-pass-1');
      expect(bob.res.status).toBe(401);
      expect(bob.res.body.message).toMatch(/None of the groups of bob/);
      expect(await logins(server)).not.toContain('bob');
    });

    it('refuses LDAP filter injection in the login and an empty password; nothing is created', async () => {
      for (const user of ['*', 'alice)(uid=*', '*)(|(uid=*', 'al*']) {
        const { res } = await login(server, user, 'alice-pass-1');
        expect(res.status, user).toBe(401);
      }
      expect((await login(server, 'alice', '')).res.status).toBe(401);
      const all = await logins(server);
      expect(all.filter((l: string) => l.includes('*') || l.includes('('))).toEqual([]);
    });

    it('keeps local accounts with a password on their local password, and never shows the bind password', async () => {
      const { res } = await login(server, 'admin@thehive.local', 'admin-secret-1');
      expect(res.status).toBe(200);
      const status = JSON.stringify([
        (await server.anonymous.get('/api/v1/status')).body,
        (await server.anonymous.get('/api/v1/status/public')).body,
      ]);
      expect(status).toContain('ldap');
      expect(status).not.toContain(SERVICE_PASSWORD);
    });
  });

  describe('ldaps://, AD-style login attribute, group search', () => {
    it('signs in by sAMAccountName over ldaps with groups found by a search', async () => {
      const server = await serverWith(
        directory({
          urls: [slapd.ldapsUrl],
          tlsCa: [slapd.caPem],
          searchFilter: '(sAMAccountName={login})',
          fields: { login: 'userPrincipalName' },
          groupAttribute: 'none',
          groupSearchBase: `ou=groups,${LDAP_BASE}`,
          groupSearchFilter: '(member={dn})',
        }),
      );
      const { res } = await login(server, 'alice', 'alice-pass-1');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        login: 'alice@example.org',
        organisation: 'Blue',
        profile: 'analyst',
      });
    });

    it('refuses a server whose certificate it cannot verify, with a clear 502', async () => {
      const server = await serverWith(directory({ urls: [slapd.ldapsUrl] }));
      const { res } = await login(server, 'alice', 'alice-pass-1');
      expect(res.status).toBe(502);
      expect(res.body.message).toMatch(
        /LDAP directory corp-ldap: no server could be reached \(ldaps:\/\/127\.0\.0\.1/,
      );
      expect(await logins(server)).not.toContain('alice');
    });

    it('answers 502 naming the directory when no server can be reached, and a wrong service password as such', async () => {
      const down = await serverWith(directory({ urls: [deadUrl] }));
      const res = (await login(down, 'alice', 'alice-pass-1')).res;
      expect(res.status).toBe(502);
      expect(res.body.message).toMatch(/no server could be reached/);
      const badBind = await serverWith(directory({ urls: [slapd.url], bindPassword: 'wrong' }));
      const bad = (await login(badBind, 'alice', 'alice-pass-1')).res;
      expect(bad.status).toBe(502);
      expect(bad.body.message).toMatch(/service account was refused/);
      expect(bad.body.message).not.toContain('wrong');
    });
  });
});
