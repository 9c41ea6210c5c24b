/**
 * The SQLite writer/reader split (db/sqlite-dialect.ts): reads outside a transaction do not wait for
 * an open write transaction and see only committed data; writes queue behind it; a failed
 * transaction frees the writer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferred } from '../test-support/deferred.js';
import { openStorage, type Storage } from './database.js';

type Db = Kysely<{ t: { id: Generated<number>; v: string } }>;

describe('SQLite writer and reader connections', () => {
  let dir: string;
  let storage: Storage;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-split-'));
    storage = openStorage({ dataDir: dir });
    db = storage.db as unknown as Db;
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`.execute(db);
  });
  afterAll(async () => {
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const values = async () => (await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v);

  it('reads while a write transaction is open, without seeing its uncommitted rows', async () => {
    const held = deferred();
    const inserted = deferred();
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ v: 'pending' }).execute();
      inserted.resolve();
      await held.promise;
    });
    await inserted.promise;
    // The transaction is open and holds the writer: a read answers at once, from the last commit.
    expect(await values()).toEqual([]);
    const raw = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db);
    expect(raw.rows[0]!.n).toBe(0);
    held.resolve();
    await transaction;
    expect(await values()).toEqual(['pending']);
  });

  it('queues a lone write behind an open transaction', async () => {
    const order: string[] = [];
    const held = deferred();
    const started = deferred();
    const transaction = db.transaction().execute(async (trx) => {
      started.resolve();
      await held.promise;
      await trx.insertInto('t').values({ v: 'in-transaction' }).execute();
      order.push('transaction');
    });
    await started.promise;
    const lone = db
      .insertInto('t')
      .values({ v: 'lone' })
      .execute()
      .then(() => order.push('lone'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    held.resolve();
    await Promise.all([transaction, lone]);
    expect(order).toEqual(['transaction', 'lone']);
    expect(await values()).toEqual(['pending', 'in-transaction', 'lone']);
  });

  it('frees the writer after a failed transaction and keeps nothing of it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ v: 'rolled-back' }).execute();
        await trx.insertInto('t').values({ v: 'lone' }).execute(); // unique violation
      }),
    ).rejects.toThrow(/UNIQUE/);
    await db.insertInto('t').values({ v: 'after' }).execute();
    expect(await values()).toEqual(['pending', 'in-transaction', 'lone', 'after']);
  });

  it("makes row objects as better-sqlite3's own: odd and repeated column names, the prototype kept", async () => {
    const query = `SELECT 1 AS "a", 'x' AS "quote""d", 2 AS "back\\slash", 3 AS "line sep", 4 AS "a",
      NULL AS "", 6 AS "constructor" FROM t WHERE v = 'after'`;
    const rows = (await sql.raw<Record<string, unknown>>(query).execute(db)).rows;
    const native = new Sqlite(path.join(dir, 'propolis.db'), { readonly: true });
    try {
      const expected = native.prepare(query).all() as Array<Record<string, unknown>>;
      expect(rows).toEqual(expected);
      expect(Object.keys(rows[0]!)).toEqual(Object.keys(expected[0]!));
      expect(rows[0]!.a).toBe(4);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.getPrototypeOf(expected[0]));
      // a column named __proto__ is an own property, the prototype kept (better-sqlite3's own
      // objects drop it on Node 20 and keep it on Node 24: not compared)
      const proto = (
        await sql
          .raw<Record<string, unknown>>(`SELECT 5 AS "__proto__", 4 AS "a", 6 AS "__proto__"`)
          .execute(db)
      ).rows[0]!;
      expect(Object.keys(proto)).toEqual(['__proto__', 'a']);
      expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toBe(6);
      expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    } finally {
      native.close();
    }
    const plain = (
      await sql.raw<Record<string, unknown>>(`SELECT v, length(v) AS "n" FROM t ORDER BY id`).execute(db)
    ).rows;
    expect(plain).toEqual([
      { v: 'pending', n: 7 },
      { v: 'in-transaction', n: 14 },
      { v: 'lone', n: 4 },
      { v: 'after', n: 5 },
    ]);
  });
});
