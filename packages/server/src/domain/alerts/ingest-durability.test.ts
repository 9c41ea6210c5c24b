/**
 * kill -9 in the middle of an ingestion burst (real `propolis serve` processes, on SQLite or on the
 * PostgreSQL of DATABASE_URL): every alert whose request was answered 201 is there after a restart,
 * whole (its observables too), since an answer is given only after the commit holding it (group
 * commit batches several requests into one commit, and answers none of them before it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caller, haveBundle, type ServerProcess, spawnServer } from '../../test-support/process.js';
import { createPgDatabase } from '../../test-support/server.js';

const PASSWORD = 'burst-admin-1';
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function storage(): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-burst-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  if (!process.env.DATABASE_URL) return { dataDir };
  const db = await createPgDatabase(process.env.DATABASE_URL);
  cleanups.push(db.drop);
  return { dataDir, databaseUrl: db.url };
}

const CLIENTS = 16;
const OBSERVABLES = 3;

describe.skipIf(!haveBundle())('ingestion burst killed with SIGKILL', () => {
  it('keeps every alert answered 201, with its observables, after a restart', async () => {
    const where = await storage();
    let node: ServerProcess = await spawnServer({ ...where, adminPassword: PASSWORD, config: {} });
    cleanups.push(() => node.stop());
    const admin = caller(node.url, 'admin@thehive.local', PASSWORD);
    expect((await admin('POST', '/api/v1/organisation', { name: 'burst', description: 'b' })).status).toBe(
      201,
    );
    const user = {
      login: 'poster@burst.test',
      name: 'Poster',
      profile: 'analyst',
      organisation: 'burst',
      password: 'poster-password-1',
    };
    expect((await admin('POST', '/api/v1/user', user)).status).toBe(201);
    const post = caller(node.url, user.login, user.password, 'burst');

    const acknowledged: string[] = [];
    let refused = 0;
    let n = 0;
    let killed = false;
    // CLIENTS posters, each posting one alert after the other until the connection breaks
    const poster = async () => {
      while (!killed) {
        const ref = `burst-${n++}`;
        try {
          const res = await post('POST', '/api/v1/alert', {
            type: 'burst',
            source: 'kill',
            sourceRef: ref,
            title: `burst ${ref}`,
            description: 'posted while the server is killed',
            observables: Array.from({ length: OBSERVABLES }, (_, i) => ({
              dataType: 'domain',
              data: `${ref}-${i}.burst.example`,
            })),
          });
          if (res.status === 201) acknowledged.push(ref);
          else refused++;
        } catch {
          return; // the server is gone
        }
      }
    };
    const posters = Array.from({ length: CLIENTS }, poster);
    while (acknowledged.length < 80) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await node.kill9(); // requests are in flight: some were received, some are in a batch
    await Promise.all(posters);
    expect(refused).toBe(0);
    const answered = acknowledged.length;
    expect(answered).toBeGreaterThanOrEqual(80);

    node = await spawnServer({ ...where, adminPassword: PASSWORD, config: {} });
    cleanups.push(() => node.stop());
    const read = caller(node.url, user.login, user.password, 'burst');
    const list = await read('POST', '/api/v1/query', {
      query: [
        { _name: 'listAlert' },
        { _name: 'filter', _field: 'source', _value: 'kill' },
        { _name: 'page', from: 0, to: 10_000 },
      ],
    });
    expect(list.status).toBe(200);
    const found = new Map<string, number>(
      (list.body as Array<{ sourceRef: string; observableCount: number }>).map((a) => [
        a.sourceRef,
        a.observableCount,
      ]),
    );
    const missing = acknowledged.filter((ref) => !found.has(ref));
    expect(missing).toEqual([]);
    // whole: each acknowledged alert with its observables (rows, not only the count on the alert)
    for (const ref of acknowledged.slice(-20)) {
      expect(found.get(ref)).toBe(OBSERVABLES);
      const obs = await read('POST', '/api/v1/query', {
        query: [{ _name: 'getAlert', idOrName: `burst;kill;${ref}` }, { _name: 'observables' }],
      });
      expect(obs.status).toBe(200);
      expect((obs.body as unknown[]).length).toBe(OBSERVABLES);
    }
    // at most the requests in flight at the kill were committed without an answer
    expect(found.size - answered).toBeLessThanOrEqual(CLIENTS);
    await node.stop();
  }, 150_000);
});
