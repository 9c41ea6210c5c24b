/**
 * MISP behind mutual TLS: an https server (node:https with requestCert) that accepts only client
 * certificates signed by its CA. A server configured with the client certificate and its
 * passphrase-protected key is reached; one without a certificate is refused with a message that
 * names the settings; a wrong passphrase stops the configuration check without showing it.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMisp, startFakeMisp } from '../../test-support/fake-misp.js';
import { writeKeyPair } from '../../test-support/self-signed.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';
import { checkMispSettings, defaultMispSettings } from './misp-config.js';

const KEY = 'misp-mtls-key-0123456789';
const PASSPHRASE = 'client-key-passphrase-42';
let dir: string;
let misp: FakeMisp;
let server: TestServer;
let client: { certFile: string; keyFile: string; encryptedKeyFile: string };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'misp-mtls-'));
  mkdirSync(path.join(dir, 'server'));
  mkdirSync(path.join(dir, 'client'));
  const serverPair = writeKeyPair(path.join(dir, 'server'), '127.0.0.1', '127.0.0.1');
  const clientPair = writeKeyPair(path.join(dir, 'client'), 'propolis-client');
  const encryptedKeyFile = path.join(dir, 'client', 'key-encrypted.pem');
  writeFileSync(
    encryptedKeyFile,
    createPrivateKey(readFileSync(clientPair.keyFile, 'utf8')).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: PASSPHRASE,
    }),
  );
  client = { ...clientPair, encryptedKeyFile };
  misp = await startFakeMisp(KEY, 0, {
    key: readFileSync(serverPair.keyFile, 'utf8'),
    cert: readFileSync(serverPair.certFile, 'utf8'),
    // the client's self-signed certificate is the only CA the server trusts for clients
    ca: readFileSync(clientPair.certFile, 'utf8'),
    requestCert: true,
    rejectUnauthorized: true,
  });
  const base = { url: misp.url, key: KEY, purpose: 'ExportOnly' };
  server = await startTestServer({
    misp: {
      timeoutSeconds: 5,
      servers: [
        {
          ...base,
          name: 'mutual',
          tls: {
            caFile: serverPair.certFile,
            certFile: clientPair.certFile,
            keyFile: encryptedKeyFile,
            passphrase: PASSPHRASE,
          },
        },
        { ...base, name: 'anonymous', tls: { caFile: serverPair.certFile } },
      ],
    },
  } as any);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await misp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('MISP client certificates', () => {
  it('presents the client certificate to a MISP that asks for one, and explains a refusal', async () => {
    const res = await server.admin.get('/api/v1/connector/misp/status');
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toEqual({ mutual: 'OK', anonymous: 'ERROR' });
    const anonymous = res.body.servers.find((s: any) => s.name === 'anonymous');
    expect(anonymous.error).toMatch(/^MISP server anonymous is unreachable/);
    expect(anonymous.error).toContain('tls.certFile');
    // only the server with the certificate got through to MISP
    expect(misp.requests.filter((r) => r.path === '/servers/getVersion')).toHaveLength(1);
    expect(res.text).not.toContain(PASSPHRASE);
    expect(res.text).not.toContain('PRIVATE KEY');
  });

  it('checks the certificate, key and passphrase at start, without showing the passphrase', () => {
    const settings = (tls: unknown) => ({
      ...defaultMispSettings(),
      servers: [{ name: 'x', url: 'https://misp.example', key: 'k', purpose: 'ExportOnly', tls }] as any,
    });
    expect(() =>
      checkMispSettings(
        settings({ certFile: client.certFile, keyFile: client.encryptedKeyFile, passphrase: 'wrong-one' }),
      ),
    ).toThrow(/misp\.servers\[x\]\.tls: the client certificate and key cannot be used/);
    try {
      checkMispSettings(
        settings({ certFile: client.certFile, keyFile: client.encryptedKeyFile, passphrase: 'wrong-one' }),
      );
    } catch (error) {
      expect((error as Error).message).not.toContain('wrong-one');
    }
    expect(() => checkMispSettings(settings({ certFile: client.certFile }))).toThrow(
      /needs both cert \(or certFile\) and key \(or keyFile\)/,
    );
    expect(() =>
      checkMispSettings(settings({ cert: readFileSync(client.certFile, 'utf8'), key: 'nope' })),
    ).toThrow(/tls\.key: must be a PEM private key/);
    const ok = checkMispSettings(
      settings({ certFile: client.certFile, keyFile: client.encryptedKeyFile, passphrase: PASSPHRASE }),
    );
    expect(ok.servers[0]!.tls.passphrase).toBe(PASSPHRASE);
    expect(ok.servers[0]!.tls.cert).toContain('BEGIN CERTIFICATE');
  });
});
