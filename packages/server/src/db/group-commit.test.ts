/**
 * Group commit (db/group-commit.ts, through domain/deps.ts inTransaction), on SQLite and, when
 * DATABASE_URL is set, on PostgreSQL: concurrent write transactions share a commit, each settles
 * only once its data is committed, a failing one is rolled back alone, concurrent duplicates give
 * exactly one row and conflicts answered after the winner committed, and (PostgreSQL) two lanes
 * that deadlock both end up committed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../domain/deps.js';
import { onCommit } from '../events/commit-signal.js';
import { openStorage, type Storage } from './database.js';
import { GroupCommit, GroupCommits, nothingWritten } from './group-commit.js';
import { createPgDatabase, type ScratchDatabase } from './pg-scratch.js';
import type { Database } from './schema.js';

type Db = Kysely<{ g: { id: Generated<number>; v: string }; lock: { k: string; n: number } }>;

const url = process.env.DATABASE_URL;

describe(`group commit (${url ? 'PostgreSQL' : 'SQLite'})`, () => {
  let dir: string;
  let scratch: ScratchDatabase | undefined;
  let storage: Storage;
  let db: Db;
  let commits = 0;
  let stop: () => void;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-group-'));
    scratch = url ? await createPgDatabase(url) : undefined;
    storage = openStorage({ dataDir: dir, databaseUrl: scratch?.url });
    db = storage.db as unknown as Db;
    const id = url ? sql`id SERIAL PRIMARY KEY` : sql`id INTEGER PRIMARY KEY`;
    await sql`CREATE TABLE g (${id}, v TEXT NOT NULL UNIQUE)`.execute(db);
    await sql`CREATE TABLE lock (k TEXT PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
    await sql`INSERT INTO lock (k, n) VALUES ('a', 0), ('b', 0)`.execute(db);
    stop = onCommit(() => {
      commits++;
    });
  }, 30_000);
  afterAll(async () => {
    stop?.();
    await storage?.close();
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ({ db: storage.db as Kysely<Database> });
  const insert = (v: string) =>
    inTransaction(deps(), async (trx) => {
      await (trx as unknown as Db).insertInto('g').values({ v }).execute();
      return v;
    });
  const count = async (prefix: string) =>
    (await db.selectFrom('g').select('v').where('v', 'like', `${prefix}%`).execute()).length;

  it('commits concurrent transactions together and settles each after the commit', async () => {
    const before = commits;
    const visibleAtSettle: Array<{ v: string; seen: boolean }> = [];
    const all = Array.from({ length: 40 }, (_, i) =>
      insert(`c-${i}`).then(async (v) =>
        visibleAtSettle.push({
          v,
          // read outside the transaction: committed data only
          seen: (await db.selectFrom('g').select('v').where('v', '=', v).execute()).length === 1,
        }),
      ),
    );
    await Promise.all(all);
    expect(await count('c-')).toBe(40);
    expect(commits - before).toBeLessThan(40);
    expect(visibleAtSettle.every((s) => s.seen)).toBe(true);
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

  it.skipIf(url)(
    'SQLite runs units without savepoints: a failure reruns the others, and the next batch takes savepoints',
    async () => {
      const lane = new GroupCommit(storage.db, () => {});
      const runs = new Map<string, number>();
      const unit = (v: string, fail = false) =>
        lane.run(async (trx) => {
          runs.set(v, (runs.get(v) ?? 0) + 1);
          await (trx as unknown as Db).insertInto('g').values({ v }).execute();
          if (fail) throw new Error(`${v} failed after writing`);
          return v;
        });
      const results = await Promise.allSettled([
        unit('o-1'),
        unit('o-lost-1', true),
        unit('o-lost-2', true),
        unit('o-2'),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/o-lost-1 failed/);
      expect(await count('o-')).toBe(2);
      // the first batch ran o-1 without a savepoint, so o-lost-1 rolled it back and it ran again;
      // that second batch took savepoints, so o-lost-2 failed alone there: o-1 ran twice, not three times
      expect(Object.fromEntries(runs)).toEqual({ 'o-1': 2, 'o-lost-1': 1, 'o-lost-2': 1, 'o-2': 1 });
    },
  );

  it('runs one-statement units without a savepoint: a refusal goes alone, a failure reruns the batch without it', async () => {
    await insert('s-taken');
    let batches = 0;
    // one lane, so that all the units below meet in one batch
    const lane = url
      ? new GroupCommits(storage.db, () => batches++, 1)
      : new GroupCommit(storage.db, () => batches++);
    const plain = (v: string) =>
      lane.run(async (trx) => {
        await (trx as unknown as Db).insertInto('g').values({ v }).execute();
        return v;
      });
    // One statement that inserts nothing when the value is taken, and says so without failing.
    const oneStatement = (v: string) =>
      lane.run(
        async (trx) => {
          const rows = await sql<{
            v: string;
          }>`INSERT INTO g (v) VALUES (${v}) ON CONFLICT (v) DO NOTHING RETURNING v`.execute(trx);
          if (rows.rows.length === 0) throw nothingWritten(new Error(`${v} is taken`));
          return v;
        },
        { savepoint: false },
      );
    // One statement that fails in the database: on PostgreSQL the whole transaction is then unusable.
    const failing = lane.run(
      async (trx) => {
        await sql`INSERT INTO g (v) VALUES (${null})`.execute(trx);
        return 'never';
      },
      { savepoint: false },
    );
    const results = await Promise.allSettled([
      plain('s-1'),
      oneStatement('s-2'),
      oneStatement('s-taken'),
      oneStatement('s-3'),
      failing,
      oneStatement('s-4'),
      plain('s-5'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/s-taken is taken/);
    expect(String((results[4] as PromiseRejectedResult).reason)).toMatch(/null/i);
    const rows = await db.selectFrom('g').select('v').where('v', 'like', 's-%').orderBy('v').execute();
    expect(rows.map((r) => r.v)).toEqual(['s-1', 's-2', 's-3', 's-4', 's-5', 's-taken']);
    // the batch that met the failure was rolled back, the others committed together in the next one
    expect(batches).toBe(1);
  });

  it('runs the waiting units of one kind in one call, and each by itself when that call fails', async () => {
    let batches = 0;
    const lane = url
      ? new GroupCommits(storage.db, () => batches++, 1)
      : new GroupCommit(storage.db, () => batches++);
    const calls: string[][] = [];
    const kind = {};
    // one multi-row statement for the values given; a value taken is refused without failing
    const runAll = async (trx: unknown, values: string[]) => {
      calls.push(values);
      const source = url
        ? sql`SELECT x FROM unnest(${values}::text[]) AS t(x)`
        : sql`SELECT value FROM json_each(${JSON.stringify(values)}) WHERE true`;
      const rows = await sql<{
        v: string;
      }>`INSERT INTO g (v) ${source} ON CONFLICT (v) DO NOTHING RETURNING v`.execute(trx as Kysely<Database>);
      const written = new Set(rows.rows.map((r) => r.v));
      return values.map((v) =>
        written.has(v) ? { value: v } : { error: nothingWritten(new Error(`${v} is taken`)) },
      );
    };
    const unit = (v: string) =>
      lane.run(
        async (trx) => {
          const [result] = await runAll(trx, [v]);
          if ('error' in result!) throw result.error;
          return result!.value;
        },
        { savepoint: false, combine: { kind, input: v, runAll } },
      );
    await insert('k-taken');
    const first = await Promise.allSettled([unit('k-1'), unit('k-2'), unit('k-taken'), unit('k-3')]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((first[2] as PromiseRejectedResult).reason)).toMatch(/k-taken is taken/);
    // the first unit opened the batch; the three that waited meanwhile went in one call
    expect(calls).toEqual([['k-1', 'k-2', 'k-taken', 'k-3']]);
    expect(batches).toBe(1);

    // A value the database refuses (NOT NULL) fails the combined call: each unit runs again alone,
    // and only that one fails.
    calls.length = 0;
    const second = await Promise.allSettled([unit('k-4'), unit(null as unknown as string), unit('k-5')]);
    expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // (k-4 succeeded alone, then null failed the batch: k-4 runs again, unanswered until it commits)
    expect(calls).toEqual([['k-4', null, 'k-5'], ['k-4'], [null], ['k-4'], ['k-5']]);
    const rows = await db.selectFrom('g').select('v').where('v', 'like', 'k-%').orderBy('v').execute();
    expect(rows.map((r) => r.v)).toEqual(['k-1', 'k-2', 'k-3', 'k-4', 'k-5', 'k-taken']);
  });

  it('keeps exactly one of concurrent duplicates, and refuses the others once it is committed', async () => {
    const settled: Array<{ ok: boolean; committedRows: number }> = [];
    const all = Array.from({ length: 30 }, (_, i) => {
      const v = i % 3 === 0 ? 'dup-same' : `dup-${i}`;
      return insert(v).then(
        async () => settled.push({ ok: true, committedRows: await count('dup-same') }),
        async (error) => {
          expect(error).toMatchObject({ type: 'ConflictError' });
          // the winner is committed when the loser hears of it
          settled.push({ ok: false, committedRows: await count('dup-same') });
        },
      );
    });
    await Promise.all(all);
    expect(await count('dup-same')).toBe(1);
    expect(await count('dup-')).toBe(21);
    expect(settled.filter((s) => !s.ok)).toHaveLength(9);
    expect(settled.every((s) => s.committedRows === 1 || s.ok)).toBe(true);
  });

  it('runs a lone transaction at once', async () => {
    const before = commits;
    await insert('alone');
    expect(commits - before).toBe(1);
  });

  it.skipIf(url)(
    'waits for what is before a batch (the WAL restart) without holding the event loop',
    async () => {
      let open!: () => void;
      let asked = 0;
      const gate = new Promise<void>((r) => {
        open = r;
      });
      const committer = new GroupCommit(storage.db, () => {}, 'sqlite', {
        due: () => asked === 0,
        wait: () => (asked++ === 0 ? gate : undefined),
      });
      let ran = false;
      const unit = committer.run(async (trx) => {
        ran = true;
        await (trx as unknown as Db).insertInto('g').values({ v: 'gated' }).execute();
      });
      // the event loop turns meanwhile (a read is answered) and the unit has not started
      await new Promise((r) => setTimeout(r, 50));
      expect(await count('gated')).toBe(0);
      expect(ran).toBe(false);
      open();
      await unit;
      expect(await count('gated')).toBe(1);
      // asked again before the next batch only
      await committer.run(async (trx) => {
        await (trx as unknown as Db).insertInto('g').values({ v: 'gated-2' }).execute();
      });
      expect(asked).toBe(2);
    },
  );

  it.skipIf(url)(
    'SQLite: commits apart units by their own call, two batches at most in flight, none beside a transaction of its own, each alone when that call fails',
    async () => {
      let batches = 0;
      let open!: () => void;
      const gate = new Promise<void>((r) => {
        open = r;
      });
      let gated = false;
      const lane = new GroupCommit(storage.db, () => batches++, 'sqlite', {
        due: () => gated,
        wait: () =>
          gated
            ? gate.then(() => {
                gated = false;
              })
            : undefined,
      });
      // a second connection to the same file, as the alert writer thread's
      const other = new SqliteDatabase(path.join(dir, 'propolis.db'));
      other.pragma('busy_timeout = 5000');
      const insertOther = other.prepare(
        'INSERT INTO g (v) VALUES (?) ON CONFLICT (v) DO NOTHING RETURNING v',
      );
      const calls: string[][] = [];
      let flying = 0;
      let most = 0;
      const kind = {};
      /** While set, a batch sent apart stays in flight until the test ends it (not a timer's race). */
      let held: Array<() => void> | undefined;
      const commitAll = async (values: string[]) => {
        calls.push(values);
        most = Math.max(most, ++flying);
        try {
          // the thread works meanwhile
          const hold = held;
          await new Promise<void>((r) => (hold ? hold.push(r) : setTimeout(r, 20)));
          return other.transaction(() =>
            values.map((v) => (insertOther.get(v) ? { value: v } : { error: new Error(`${v} is taken`) })),
          )();
        } finally {
          flying--;
        }
      };
      /** What was in flight when each unit of the lane's own connection ran. */
      const flyingAtOwn: number[] = [];
      const unit = (v: string) =>
        lane.run(
          async (trx) => {
            flyingAtOwn.push(flying);
            await (trx as unknown as Db).insertInto('g').values({ v }).execute();
            return v;
          },
          { apart: { kind, input: v, commitAll } },
        );
      const own = (v: string) =>
        lane.run(async (trx) => {
          flyingAtOwn.push(flying);
          await (trx as unknown as Db).insertInto('g').values({ v }).execute();
          return v;
        });
      const sent = async (n: number) => {
        while (calls.length < n) await new Promise((r) => setTimeout(r, 1));
      };
      try {
        await insert('a-taken');
        // the first unit is sent at once; those that arrive while it is in flight go in a second
        // batch, sent at once too; those that arrive then wait for one of the two to end
        const holding: Array<() => void> = [];
        held = holding;
        const first = [unit('a-1')];
        await sent(1);
        first.push(unit('a-2'), unit('a-taken'), unit('a-3'));
        await sent(2);
        first.push(unit('a-4'), own('a-own'), unit('a-5'));
        await new Promise((r) => setTimeout(r, 30));
        expect(calls).toEqual([['a-1'], ['a-2', 'a-taken', 'a-3']]);
        held = undefined;
        // the first batch ends, then the second
        holding[0]?.();
        await new Promise((r) => setTimeout(r, 5));
        holding[1]?.();
        const results = await Promise.allSettled(first);
        expect(results.map((r) => r.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
          'fulfilled',
          'fulfilled',
          'fulfilled',
        ]);
        expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/a-taken is taken/);
        expect(calls).toEqual([['a-1'], ['a-2', 'a-taken', 'a-3'], ['a-4', 'a-5']]);
        expect(most).toBe(2);
        // the lane's own transaction ran with nothing in flight
        expect(flyingAtOwn).toEqual([0]);
        expect(batches).toBe(4);

        // A value the other connection refuses (NOT NULL) rolls its batch back: each unit runs
        // again alone on the lane's connection, and only that one fails.
        calls.length = 0;
        flyingAtOwn.length = 0;
        const second = await Promise.allSettled([unit('a-6'), unit(null as unknown as string), unit('a-7')]);
        expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(String((second[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
        expect(calls).toEqual([['a-6'], [null, 'a-7']]);
        expect(flyingAtOwn).toEqual([0, 0]);

        // a WAL restart that is due waits for the batches in flight, and holds the next one
        calls.length = 0;
        const third = [unit('a-8')];
        await new Promise((r) => setImmediate(r));
        gated = true;
        third.push(unit('a-9'));
        await new Promise((r) => setTimeout(r, 60));
        expect(calls).toEqual([['a-8']]);
        open();
        await Promise.all(third);
        expect(calls).toEqual([['a-8'], ['a-9']]);
        const rows = await db.selectFrom('g').select('v').where('v', 'like', 'a-%').orderBy('v').execute();
        expect(rows.map((r) => r.v)).toEqual([
          'a-1',
          'a-2',
          'a-3',
          'a-4',
          'a-5',
          'a-6',
          'a-7',
          'a-8',
          'a-9',
          'a-own',
          'a-taken',
        ]);
      } finally {
        other.close();
      }
    },
  );

  it.runIf(url)(
    'commits both of two lanes that deadlock, running the refused unit again',
    async () => {
      const lanes = new GroupCommits(storage.db, () => {}, 2);
      let arrived = 0;
      let release!: () => void;
      const barrier = new Promise<void>((r) => {
        release = r;
      });
      const bump = (trx: unknown, k: string) =>
        sql`UPDATE lock SET n = n + 1 WHERE k = ${k}`.execute(trx as Kysely<Database>);
      const crossed = (firstKey: string, secondKey: string) =>
        lanes.run(async (trx) => {
          await bump(trx, firstKey);
          if (++arrived === 2) release();
          await barrier;
          await bump(trx, secondKey);
          return firstKey;
        });
      // each lane takes one of the two: lane 1 locks a then wants b, lane 2 locks b then wants a
      const results = await Promise.allSettled([crossed('a', 'b'), crossed('b', 'a')]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const rows = await db.selectFrom('lock').selectAll().orderBy('k').execute();
      expect(rows.map((r) => Number(r.n))).toEqual([2, 2]);
    },
    30_000,
  );
});

describe(`group commit on a closed database (${url ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('answers the waiting units with the error instead of trying again forever', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-group-closed-'));
    const scratch = url ? await createPgDatabase(url) : undefined;
    const storage = openStorage({ dataDir: dir, databaseUrl: scratch?.url });
    try {
      await sql`SELECT 1`.execute(storage.db);
      await storage.close();
      const group = new GroupCommit(storage.db, () => {}, url ? 'postgres' : 'sqlite');
      let ran = 0;
      const unit = () =>
        group.run(async () => {
          ran++;
        });
      // before the fix, a transaction that could not start left the units queued: the batch ran
      // again at once, forever (a worker of the test suite spun on a closed pool in CI)
      const settled = await Promise.race([
        Promise.allSettled([unit(), unit(), unit()]),
        new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 3_000)),
      ]);
      expect(settled).not.toBe('stuck');
      expect((settled as PromiseSettledResult<void>[]).map((r) => r.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect(ran).toBe(0);
    } finally {
      await scratch?.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
