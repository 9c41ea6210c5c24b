/**
 * HTTPS served directly: the certificate files are read at start, the session cookie becomes Secure,
 * SIGHUP's reload swaps the certificate for new connections, a broken file keeps the current one, and
 * an unreadable file stops the start with a message naming the setting.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPropolis, type Propolis } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { makeKeyPair } from '../test-support/self-signed.js';
import { ADMIN_PASSWORD } from '../test-support/server.js';
import { reloadTls } from './tls.js';

function get(
  port: number,
  pathname: string,
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; subject: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: init.method ?? 'GET',
        rejectUnauthorized: false,
        agent: false,
        headers: init.body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        const subject = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN);
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            subject,
            cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('HTTPS with certificate reload', () => {
  let dir: string;
  let config: Config;
  let propolis: Propolis;
  let port: number;
  const one = makeKeyPair('one.propolis.test');
  const two = makeKeyPair('two.propolis.test');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-tls-'));
    await writeFile(path.join(dir, 'cert.pem'), one.cert);
    await writeFile(path.join(dir, 'key.pem'), one.key);
    config = loadConfig({}, undefined, {
      dataDir: dir,
      databaseUrl: undefined,
      adminPassword: ADMIN_PASSWORD,
      logLevel: 'silent',
      tls: { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') },
      auth: { passwordHashCost: 1024 },
    });
    propolis = await buildPropolis(config, { logger: false });
    await propolis.app.listen({ port: 0, host: '127.0.0.1' });
    port = (propolis.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await propolis?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with the configured certificate and a Secure session cookie', async () => {
    const health = await get(port, '/api/health');
    expect(health).toMatchObject({ status: 200, subject: 'one.propolis.test' });
    const login = await get(port, '/api/v1/login', {
      method: 'POST',
      body: JSON.stringify({ user: 'admin@thehive.local', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const session = login.cookies.find((c) => c.startsWith('PROPOLIS-SESSION='));
    expect(session).toMatch(/; Secure/i);
  });

  it('swaps the certificate on reload, and keeps it when the new files are broken', async () => {
    await writeFile(path.join(dir, 'cert.pem'), two.cert);
    await writeFile(path.join(dir, 'key.pem'), two.key);
    expect(reloadTls(propolis.app.server as never, config)).toBeUndefined();
    expect((await get(port, '/api/health')).subject).toBe('two.propolis.test');
    await writeFile(path.join(dir, 'key.pem'), one.key);
    expect(reloadTls(propolis.app.server as never, config)).toMatch(/not a usable certificate and key/);
    expect(await get(port, '/api/health')).toMatchObject({ status: 200, subject: 'two.propolis.test' });
  });

  it('refuses to start on a missing file, naming the setting', async () => {
    const broken = {
      ...config,
      tls: { certFile: path.join(dir, 'missing.pem'), keyFile: config.tls.keyFile },
    };
    await expect(buildPropolis(broken, { logger: false })).rejects.toThrow(
      /tls.certFile: cannot read .*missing.pem/,
    );
    expect(() => loadConfig({ PROPOLIS_TLS_CERT_FILE: '/x.pem' })).toThrow(
      'tls: certFile and keyFile go together',
    );
    expect(() => loadConfig({ PROPOLIS_TRUST_PROXY: '10.0.0.1, proxy' })).toThrow(
      'trustProxy: must be a list',
    );
  });
});
