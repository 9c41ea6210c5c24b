/**
 * `propolis serve` as an operator runs it: a real process on a free port, first-start password
 * printed once, health answered, and a clean exit on SIGTERM. Uses the built CLI (npm test builds first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../server/src/test-support/server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

describe.skipIf(!existsSync(main))('propolis serve', () => {
  const dirs: string[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    for (const drop of drops) await drop();
  });

  it('starts on its storage (SQLite, or PostgreSQL when DATABASE_URL is set), prints the generated admin password once, serves, and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-serve-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env = {
      ...process.env,
      PROPOLIS_DATA_DIR: dataDir,
      PROPOLIS_PORT: String(port),
      PROPOLIS_LOG_LEVEL: 'warn',
    };
    delete env.PROPOLIS_ADMIN_PASSWORD;
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      const db = await createPgDatabase(process.env.DATABASE_URL);
      drops.push(db.drop);
      env.DATABASE_URL = db.url;
    }
    const started = Date.now();
    const child = spawn(process.execPath, [main, 'serve'], { env });
    const out = await waitFor(child, /generated password: (\S+)[\s\S]*\n/);
    const password = /generated password: (\S+)/.exec(out)![1]!;
    let health: Response | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 50));
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(health?.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/user/current`, {
      headers: {
        authorization: `Basic ${Buffer.from(`admin@thehive.local:${password}`).toString('base64')}`,
      },
    });
    expect(me.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // Second start on the same data: no new password is printed and the first one still works.
    const again = spawn(process.execPath, [main, 'serve'], { env });
    let text = '';
    again.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
    });
    let ok = false;
    for (let i = 0; i < 200 && !ok; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/user/current`, {
        headers: {
          authorization: `Basic ${Buffer.from(`admin@thehive.local:${password}`).toString('base64')}`,
        },
      }).catch(() => undefined);
      ok = r?.status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ok).toBe(true);
    expect(text).not.toContain('generated password');
    const exited2 = new Promise<number | null>((resolve) => again.on('exit', (code) => resolve(code)));
    again.kill('SIGTERM');
    expect(await exited2).toBe(0);
  });
});
