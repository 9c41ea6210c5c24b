/**
 * Precompiled INSERTs (db/compiled-insert.ts), on SQLite and, when DATABASE_URL is set, on
 * PostgreSQL: the rows written and returned are those Kysely writes, shape after shape (one row,
 * several, other columns, RETURNING or not), and rows Kysely must build itself (an expression as a
 * value, rows with different columns) still are.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Generated, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertRows } from './compiled-insert.js';
import { openStorage, type Storage } from './database.js';
import { createPgDatabase, type ScratchDatabase } from './pg-scratch.js';
import type { Database } from './schema.js';

type Row = { id: Generated<number>; a: string; b: number | null; c: string | null };
type Db = Kysely<{ t: Row }>;

const url = process.env.DATABASE_URL;

describe(`precompiled inserts (${url ? 'PostgreSQL' : 'SQLite'})`, () => {
  let dir: string;
  let scratch: ScratchDatabase | undefined;
  let storage: Storage;
  let db: Db;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'propolis-compiled-'));
    scratch = url ? await createPgDatabase(url) : undefined;
    storage = openStorage({ dataDir: dir, databaseUrl: scratch?.url });
    db = storage.db as unknown as Db;
    const id = url ? sql`id SERIAL PRIMARY KEY` : sql`id INTEGER PRIMARY KEY`;
    await sql`CREATE TABLE t (${id}, a TEXT NOT NULL UNIQUE, b INTEGER, c TEXT DEFAULT 'dflt')`.execute(db);
  }, 30_000);
  afterAll(async () => {
    await storage?.close();
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  // the helper is typed for the schema's tables; the test table is not one of them
  const insert = (rows: Array<Record<string, unknown>>, returning: boolean) =>
    insertRows(db as unknown as Kysely<Database>, 't' as keyof Database, rows as never[], returning);
  const read = (prefix: string) =>
    db.selectFrom('t').select(['a', 'b', 'c']).where('a', 'like', `${prefix}%`).orderBy('a').execute();

  it('writes and returns the rows Kysely would, for each shape, again and again', async () => {
    const built = vi.spyOn(db, 'insertInto');
    for (let round = 0; round < 3; round++) {
      // Kysely builds each of the three shapes once, on the first round; later rounds reuse the SQL
      if (round === 1) expect(built).toHaveBeenCalledTimes(3);
      const one = await insert([{ a: `one-${round}`, b: round, c: null }], true);
      expect(one).toMatchObject([{ a: `one-${round}`, b: round, c: null }]);
      expect(typeof (one[0] as { id: unknown }).id).toBe('number');
      // a column left out (or undefined) takes its default
      const two = await insert(
        [
          { a: `two-${round}-x`, b: 1, c: undefined },
          { a: `two-${round}-y`, b: 2 },
        ],
        true,
      );
      expect(two.map((r) => (r as { c: string }).c)).toEqual(['dflt', 'dflt']);
      expect(await insert([{ a: `none-${round}`, b: null, c: 'z' }], false)).toEqual([]);
    }
    expect(built).toHaveBeenCalledTimes(3);
    built.mockRestore();
    expect(await read('one-')).toEqual([0, 1, 2].map((b) => ({ a: `one-${b}`, b, c: null })));
    expect((await read('two-')).map((r) => r.a)).toEqual(
      [0, 1, 2].flatMap((r) => [`two-${r}-x`, `two-${r}-y`]),
    );
    expect(await read('none-')).toEqual([0, 1, 2].map((r) => ({ a: `none-${r}`, b: null, c: 'z' })));
  });

  it('leaves to Kysely rows with expressions or with different columns', async () => {
    const expr = await insert([{ a: 'expr', b: sql`2 + 3`, c: sql`upper('q')` }], true);
    expect(expr).toMatchObject([{ a: 'expr', b: 5, c: 'Q' }]);
    const mixed = await insert(
      [
        { a: 'mixed-1', c: 'only c' },
        { a: 'mixed-2', b: 7 },
      ],
      true,
    );
    expect(mixed.map((r) => [(r as Row).a, (r as Row).b, (r as Row).c])).toEqual([
      ['mixed-1', null, 'only c'],
      // Kysely's own answer: DEFAULT on PostgreSQL, NULL on SQLite (which has no DEFAULT in VALUES)
      ['mixed-2', 7, url ? 'dflt' : null],
    ]);
  });

  it('fails as Kysely does on a unique violation, and the shape keeps working', async () => {
    await insert([{ a: 'uniq', b: 1, c: null }], false);
    await expect(insert([{ a: 'uniq', b: 2, c: null }], false)).rejects.toThrow(/unique|UNIQUE/);
    await insert([{ a: 'uniq-2', b: 2, c: null }], false);
    expect((await read('uniq')).map((r) => r.b)).toEqual([1, 2]);
  });
});
