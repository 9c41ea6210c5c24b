/**
 * Self-signed RSA certificates made by openssl for tests (SAML signing keys, HTTPS, LDAPS).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

/** Writes `key.pem` and `cert.pem` for `cn` into `dir` (with `ip` as subject alternative name); answers their paths. */
export function writeKeyPair(dir: string, cn: string, ip?: string): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const san = ip ? ['-addext', `subjectAltName=IP:${ip}`] : [];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`, ...san].concat([
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]),
    { stdio: 'ignore' },
  );
  return { keyFile, certFile };
}

/** A self-signed RSA certificate and its key (PEM). */
export function makeKeyPair(cn: string): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'propolis-cert-'));
  try {
    const { keyFile, certFile } = writeKeyPair(dir, cn);
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
