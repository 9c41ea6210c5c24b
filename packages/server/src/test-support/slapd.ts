/**
 * A throwaway OpenLDAP server for tests (Debian's slapd): a generated slapd.conf in a temporary
 * folder, an MDB database, the memberof overlay (so entries carry memberOf, as in Active Directory),
 * Active Directory's sAMAccountName / userPrincipalName (an auxiliary class `adStyleUser`), a self-signed certificate for
 * StartTLS and ldaps://, plain and TLS listeners on free loopback ports; run in the foreground and
 * stopped by its process id. The entries are loaded with ldapadd through the running server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { writeKeyPair } from './self-signed.js';
import { waitForPort } from './wait-for-port.js';

const BINARY = ['/usr/sbin/slapd'].find((p) => existsSync(p));
export const slapdAvailable = BINARY !== undefined && existsSync('/usr/bin/ldapadd');

export const LDAP_BASE = 'dc=example,dc=org';
export const LDAP_ROOT_DN = `cn=admin,${LDAP_BASE}`;
const ROOT_PASSWORD = 'root-secret-9';

export interface Slapd {
  url: string;
  ldapsUrl: string;
  /** The PEM of the server's self-signed certificate (give it as the CA). */
  caPem: string;
  caFile: string;
  stop(): Promise<void>;
}

export async function startSlapd(ldif: string): Promise<Slapd> {
  if (!BINARY) throw new Error('slapd is not installed (apt-get install slapd ldap-utils)');
  const dir = mkdtempSync(path.join(tmpdir(), 'propolis-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  const [port, tlsPort] = [await freePort(), await freePort()];
  const { keyFile: key, certFile: cert } = writeKeyPair(dir, '127.0.0.1', '127.0.0.1');
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
# Active Directory's login attributes, with the matching rules AD gives them (Debian's msuser.schema has none)
attributetype ( 1.3.6.1.4.1.55555.1.1 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.55555.1.2 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.2.1 NAME 'adStyleUser' SUP top AUXILIARY MAY ( sAMAccountName $ userPrincipalName ) )
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile ${dir}/slapd.pid
TLSCertificateFile ${cert}
TLSCertificateKeyFile ${key}
database mdb
maxsize 10485760
suffix "${LDAP_BASE}"
rootdn "${LDAP_ROOT_DN}"
rootpw ${ROOT_PASSWORD}
directory ${dir}/db
overlay memberof
access to attrs=userPassword by self read by anonymous auth by * none
access to * by dn.exact="cn=propolis,ou=services,${LDAP_BASE}" read by self read by * none
`,
  );
  const child = spawn(
    BINARY,
    ['-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`, '-f', conf, '-d', '256'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort('slapd', port, child, () => log);
    const data = path.join(dir, 'data.ldif');
    writeFileSync(data, ldif);
    execFileSync(
      'ldapadd',
      ['-x', '-H', `ldap://127.0.0.1:${port}`, '-D', LDAP_ROOT_DN, '-w', ROOT_PASSWORD, '-f', data],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`,
    caPem: readFileSync(cert, 'utf8'),
    caFile: cert,
    stop,
  };
}
