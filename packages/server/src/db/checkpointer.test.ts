/**
 * The SQLite writer does not checkpoint; the worker thread of db/checkpointer.ts copies committed
 * WAL pages into the database file, and stops with the storage.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../domain/deps.js';
import { openStorage, writeGateOf } from './database.js';
import type { Database } from './schema.js';

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over. */
function walSequence(wal: string): number {
  const fd = openSync(wal, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

describe('WAL checkpoints in a worker thread', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('moves committed pages into the database file without the writer, and stops on close', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-ckpt-'));
    dirs.push(dir);
    const file = path.join(dir, 'propolis.db');
    const storage = openStorage({ dataDir: dir });
    const db = storage.db as unknown as Kysely<{ c: { id: Generated<number>; v: string } }>;
    await sql`CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`.execute(db);
    const before = statSync(file).size;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 40; i++) {
        await trx
          .insertInto('c')
          .values(Array.from({ length: 50 }, (_, j) => ({ v: `${i}-${j}-${'x'.repeat(1000)}` })))
          .execute();
      }
    });
    // The writer never checkpoints (wal_autocheckpoint = 0): right after the commit the rows are in
    // the WAL only, and the database file grows when the worker has copied them.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2_000_000);
    let after = statSync(file).size;
    for (let i = 0; i < 60 && after < before + 2_000_000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = statSync(file).size;
    }
    expect(after).toBeGreaterThan(before + 2_000_000);
    const rows = await db
      .selectFrom('c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(2000);
    await storage.close();
    // Reopened, everything is there.
    const again = openStorage({ dataDir: dir });
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM c`.execute(again.db);
    expect(Number(n.rows[0]!.n)).toBe(2000);
    await again.close();
  });

  it('past its limit, the WAL is copied back before the next write, which starts it over and trims it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-ckpt-'));
    dirs.push(dir);
    const wal = path.join(dir, 'propolis.db-wal');
    const limit = 256 * 1024;
    const storage = openStorage({ dataDir: dir, walRestartBytes: limit });
    type Db = Kysely<{ c: { id: Generated<number>; v: string } }>;
    const db = storage.db as unknown as Db;
    await sql`CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`.execute(db);
    const write = (rows: number) =>
      inTransaction({ db: storage.db as Kysely<Database> }, async (trx) => {
        await (trx as unknown as Db)
          .insertInto('c')
          .values(Array.from({ length: rows }, (_, j) => ({ v: `${j}-${'x'.repeat(1000)}` })))
          .execute();
      });
    const gate = writeGateOf(storage.db)!;
    expect(gate.due()).toBe(false);
    expect(gate.wait()).toBeUndefined();
    await write(2000);
    const grown = statSync(wal).size;
    expect(grown).toBeGreaterThan(4 * limit);
    const sequence = walSequence(wal);
    // the worker's next checkpoint reports a WAL past the limit: the next write waits for a checkpoint
    let wait: Promise<void> | undefined;
    for (let i = 0; i < 40 && !wait; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (gate.due()) wait = gate.wait();
    }
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    await write(10);
    // every frame had been copied back: this write started the WAL over and trimmed the file
    expect(walSequence(wal)).toBe(sequence + 1);
    expect(statSync(wal).size).toBeLessThanOrEqual(1.5 * limit);
    expect(gate.due()).toBe(false);
    expect(gate.wait()).toBeUndefined();
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM c`.execute(storage.db);
    expect(Number(n.rows[0]!.n)).toBe(2010);
    await storage.close();
  });
});
