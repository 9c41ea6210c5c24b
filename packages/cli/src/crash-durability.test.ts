/**
 * Crash durability: a real `propolis serve` process (the built bundle) is killed with SIGKILL in the
 * middle of concurrent alert ingestion, twice, and restarted on the same data (SQLite file, or
 * PostgreSQL database when DATABASE_URL is set). Every alert whose creation was acknowledged (201)
 * before a kill must be there afterwards, whole (its observables too), and only once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/test-support/free-port.js';
import { createPgDatabase } from '../../server/src/test-support/server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/propolis.mjs');
const ADMIN = `Basic ${Buffer.from('admin@thehive.local:crash-admin-1').toString('base64')}`;
/** Concurrent ingestion loops. */
const WRITERS = 8;

describe.skipIf(!existsSync(main))('crash durability (kill -9 during ingestion)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const f of cleanup) await f();
  });

  it('keeps every acknowledged alert across two SIGKILLs', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-crash-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROPOLIS_DATA_DIR: dataDir,
      PROPOLIS_PORT: String(port),
      PROPOLIS_LOG_LEVEL: 'error',
      PROPOLIS_ADMIN_PASSWORD: 'crash-admin-1',
    };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      const db = await createPgDatabase(process.env.DATABASE_URL);
      cleanup.push(db.drop);
      env.DATABASE_URL = db.url;
    }

    const start = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, [main, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      for (let i = 0; i < 400; i++) {
        if ((await fetch(`${base}/api/health`).catch(() => undefined))?.status === 200) return child;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the server did not start');
    };
    const call = async (method: string, route: string, auth: string, body?: unknown) => {
      const res = await fetch(`${base}${route}`, {
        method,
        headers: {
          authorization: auth,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };

    let child = await start();
    expect(
      (await call('POST', '/api/v1/organisation', ADMIN, { name: 'crash', description: 'c' })).status,
    ).toBe(201);
    const user = { login: 'ingest@crash.test', name: 'Ingest', profile: 'analyst', organisation: 'crash' };
    expect((await call('POST', '/api/v1/user', ADMIN, user)).status).toBe(201);
    const key = `Bearer ${(await call('POST', '/api/v1/user/ingest@crash.test/key/renew', ADMIN)).text}`;

    const acknowledged = new Set<string>();
    let sequence = 0;
    /** Ingests from WRITERS loops until the server dies under them; answers how many were sent. */
    const ingestUntilKilled = async (killAfterAcks: number, victim: ChildProcess) => {
      let stop = false;
      const exited = new Promise<void>((resolve) => victim.on('exit', () => resolve()));
      const loop = async () => {
        while (!stop) {
          const ref = `crash-${sequence++}`;
          try {
            const res = await call('POST', '/api/v1/alert', key, {
              type: 'crash',
              source: 'durability',
              sourceRef: ref,
              title: `Alert ${ref}`,
              description: 'ingested before a kill -9',
              observables: [
                { dataType: 'ip', data: `10.${sequence % 250}.0.1` },
                { dataType: 'domain', data: `${ref}.example` },
              ],
            });
            if (res.status === 201) acknowledged.add(ref);
            else throw new Error(`unexpected answer ${res.status} ${res.text}`);
          } catch (error) {
            if (!stop && victim.exitCode === null && victim.signalCode === null) throw error;
            return; // the connection died with the server: this alert was never acknowledged
          }
          if (acknowledged.size >= killAfterAcks && victim.signalCode === null) {
            victim.kill('SIGKILL');
            stop = true;
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, loop));
      await exited;
      expect(victim.signalCode).toBe('SIGKILL');
    };

    await ingestUntilKilled(150, child);
    const afterFirst = acknowledged.size;
    child = await start();
    await ingestUntilKilled(afterFirst + 150, child);
    child = await start();

    const listed = await call('POST', '/api/v1/query', key, {
      query: [
        { _name: 'listAlert' },
        { _name: 'filter', _eq: { _field: 'source', _value: 'durability' } },
        { _name: 'page', from: 0, to: 10_000 },
      ],
    });
    expect(listed.status).toBe(200);
    const alerts = JSON.parse(listed.text) as Array<{ sourceRef: string; observableCount: number }>;
    const stored = new Map(alerts.map((a) => [a.sourceRef, a]));
    expect(stored.size).toBe(alerts.length); // each alert once
    const missing = [...acknowledged].filter((ref) => !stored.has(ref));
    expect(missing).toEqual([]);
    for (const ref of acknowledged) expect(stored.get(ref)!.observableCount).toBe(2);
    // an alert written but not acknowledged may be there (the kill cut its answer): never half of one
    for (const a of alerts) expect(a.observableCount).toBe(2);
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
