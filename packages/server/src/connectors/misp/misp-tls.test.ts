/**
 * MISP over https: a server whose certificate is signed by a CA given in `tls.caFile` is reached,
 * the same server without it is refused with a message saying what to set, and `tls.skipVerify`
 * reaches it without checking. The certificate is made with openssl at test time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMisp, startFakeMisp } from '../../test-support/fake-misp.js';
import { writeKeyPair } from '../../test-support/self-signed.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';
import { checkMispSettings, defaultMispSettings } from './misp-config.js';

const KEY = 'misp-tls-key-0123456789';
let dir: string;
let misp: FakeMisp;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'misp-tls-'));
  const { keyFile, certFile } = writeKeyPair(dir, '127.0.0.1', '127.0.0.1');
  misp = await startFakeMisp(KEY, 0, {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
  });
  const base = { url: misp.url, key: KEY, purpose: 'ExportOnly' };
  server = await startTestServer({
    misp: {
      timeoutSeconds: 5,
      servers: [
        { ...base, name: 'trusted', tls: { caFile: certFile } },
        { ...base, name: 'untrusted' },
        { ...base, name: 'unchecked', tls: { skipVerify: true } },
      ],
    },
  } as any);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await misp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MISP TLS options', () => {
  it('trusts the CA of tls.caFile, refuses an unknown certificate, and skips the check on request', async () => {
    const res = await server.admin.get('/api/v1/connector/misp/status');
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toEqual({ trusted: 'OK', untrusted: 'ERROR', unchecked: 'OK' });
    const untrusted = res.body.servers.find((s: any) => s.name === 'untrusted');
    expect(untrusted.error).toMatch(/^MISP server untrusted is unreachable \(.*certificate/);
    expect(untrusted.error).toContain('tls.caFile');
    expect(misp.requests.filter((r) => r.path === '/servers/getVersion')).toHaveLength(2);
    expect(res.text).not.toContain(KEY);
  });

  it('refuses a tls section it cannot use, naming the setting', () => {
    const settings = (tls: unknown) => ({
      ...defaultMispSettings(),
      servers: [{ name: 'x', url: 'https://misp.example', key: 'k', purpose: 'ExportOnly', tls }] as any,
    });
    expect(() => checkMispSettings(settings({ caFile: path.join(dir, 'missing.pem') }))).toThrow(
      /misp\.servers\[x\]\.tls\.caFile: cannot read/,
    );
    expect(() => checkMispSettings(settings({ ca: 'not a certificate' }))).toThrow(/tls\.ca: must be PEM/);
    expect(() => checkMispSettings(settings({ skipVerify: 'yes' }))).toThrow(
      /tls\.skipVerify: must be true or false/,
    );
  });
});
