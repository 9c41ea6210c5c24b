/**
 * Group commit on SQLite (db/group-commit.ts, through domain/deps.ts inTransaction): concurrent
 * write transactions share a commit, each settles only once its data is committed, and a failing
 * one is rolled back alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../domain/deps.js';
import { onCommit } from '../events/commit-signal.js';
import { openStorage, type Storage } from './database.js';
import type { Database } from './schema.js';

type Db = Kysely<{ g: { id: Generated<number>; v: string } }>;

describe('group commit (SQLite)', () => {
  let dir: string;
  let storage: Storage;
  let db: Db;
  let commits = 0;
  let stop: () => void;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-group-'));
    storage = openStorage({ dataDir: dir });
    db = storage.db as unknown as Db;
    await sql`CREATE TABLE g (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`.execute(db);
    stop = onCommit(() => {
      commits++;
    });
  });
  afterAll(async () => {
    stop?.();
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ({ db: storage.db as Kysely<Database> });
  const insert = (v: string) =>
    inTransaction(deps(), async (trx) => {
      await (trx as unknown as Db).insertInto('g').values({ v }).execute();
      // Each settled unit must already be visible to readers: it has committed.
      return v;
    });
  const count = async (prefix: string) =>
    (await db.selectFrom('g').select('v').where('v', 'like', `${prefix}%`).execute()).length;

  it('commits concurrent transactions together and settles each after the commit', async () => {
    const before = commits;
    const visibleAtSettle: number[] = [];
    const all = Array.from({ length: 20 }, (_, i) =>
      insert(`c-${i}`).then(async () => visibleAtSettle.push(await count('c-'))),
    );
    await Promise.all(all);
    expect(await count('c-')).toBe(20);
    expect(commits - before).toBeLessThan(20);
    // Every unit saw all 20 rows committed when it settled (all of them shared the commit).
    expect(visibleAtSettle.every((n) => n === 20)).toBe(true);
  });

  it('rolls back a failing transaction alone, in the middle or first of a batch', async () => {
    await insert('taken');
    const results = await Promise.allSettled([
      insert('f-1'),
      inTransaction(deps(), async (trx) => {
        await (trx as unknown as Db).insertInto('g').values({ v: 'f-lost' }).execute();
        throw new Error('unit failed');
      }),
      insert('taken'),
      insert('f-2'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/unit failed/);
    // A unique violation comes out as TheHive's conflict, as without grouping.
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ type: 'ConflictError' });
    expect(await count('f-')).toBe(2);

    const first = await Promise.allSettled([insert('taken'), insert('f-3')]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await count('f-')).toBe(3);
  });

  it('runs a lone transaction at once', async () => {
    const before = commits;
    await insert('alone');
    expect(commits - before).toBe(1);
  });
});
