/**
 * PostgreSQL only: INSERTs, and the reads marked with `preparedRead`, run as named prepared statements
 * on each connection, other reads do not, and a statement whose prepared result type a schema change
 * made stale runs again unnamed instead of failing.
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedRead, prepareInserts } from './pg-prepared.js';
import { executePreparedOutsideTransactions } from './prepared-read.js';

const url = process.env.DATABASE_URL;

describe.runIf(url)('named INSERTs on PostgreSQL', () => {
  const table = `prepared_${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;
  // a scratch table outside the schema
  let db: Kysely<any>;

  beforeAll(async () => {
    // one connection, so that pg_prepared_statements shows the statements this test prepared
    pool = new pg.Pool({ connectionString: url, max: 1 });
    prepareInserts(pool);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await sql`CREATE TABLE ${sql.table(table)} (id serial PRIMARY KEY, label text NOT NULL)`.execute(db);
  });
  afterAll(async () => {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
    await db.destroy();
  });

  const prepared = async () =>
    (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows.map(
      (r) => r.statement,
    );

  it('prepares an INSERT once and runs it by name', async () => {
    for (const label of ['a', 'b', 'c']) {
      const row = await db.insertInto(table).values({ label }).returningAll().executeTakeFirstOrThrow();
      expect(row.label).toBe(label);
    }
    const statements = await prepared();
    expect(statements.filter((s) => s.startsWith(`insert into "${table}"`))).toHaveLength(1);
    // reads stay unnamed: their best plan depends on their values
    await db.selectFrom(table).selectAll().where('label', '=', 'a').execute();
    expect((await prepared()).some((s) => s.startsWith('select'))).toBe(false);
  });

  it('runs an INSERT again unnamed when a schema change made its result type stale', async () => {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN note text`.execute(db);
    const row = await db.insertInto(table).values({ label: 'd' }).returningAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ label: 'd', note: null });
    const again = await db.insertInto(table).values({ label: 'e' }).returningAll().executeTakeFirstOrThrow();
    expect(again).toMatchObject({ label: 'e', note: null });
  });

  it('prepares a read marked by a repository once, runs it by name, and unnamed once its result type is stale', async () => {
    const text = preparedRead(`SELECT * FROM "${table}" WHERE id = ANY($1::int[]) ORDER BY id`);
    for (const ids of [[1], [1, 2], [2, 3]]) {
      const rows = (await db.executeQuery(CompiledQuery.raw(text, [ids]))).rows as Array<{ id: number }>;
      expect(rows.map((r) => r.id)).toEqual(ids);
    }
    expect((await prepared()).filter((s) => s === text)).toHaveLength(1);
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN extra text`.execute(db);
    const rows = (await db.executeQuery(CompiledQuery.raw(text, [[1]]))).rows;
    expect(rows).toEqual([expect.objectContaining({ id: 1, label: 'a', extra: null })]);
  });

  it('names a general read only outside transactions, where a stale one runs again unnamed', async () => {
    const read = (on: Kysely<any>) => on.selectFrom(table).selectAll().where('id', '=', 1);
    const named = async () => (await prepared()).filter((s) => s.includes(`from "${table}" where "id"`));
    // inside a transaction: the plain text, unnamed
    await db.transaction().execute(async (trx) => {
      expect(await executePreparedOutsideTransactions(trx, read(trx))).toEqual([
        expect.objectContaining({ id: 1 }),
      ]);
    });
    expect(await named()).toEqual([]);
    // outside: prepared once under a name, its text marked apart from the transaction's
    for (let i = 0; i < 2; i++) {
      expect(await executePreparedOutsideTransactions(db, read(db))).toEqual([
        expect.objectContaining({ id: 1 }),
      ]);
    }
    const statements = await named();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^\/\* prepared outside transactions \*\/ select \* from/);
    // a column added (another node's migration): the named read runs again unnamed, and a
    // transaction's read never met the stale statement
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN later text`.execute(db);
    expect(await executePreparedOutsideTransactions(db, read(db))).toEqual([
      expect.objectContaining({ id: 1, later: null }),
    ]);
    await db.transaction().execute(async (trx) => {
      expect(await executePreparedOutsideTransactions(trx, read(trx))).toEqual([
        expect.objectContaining({ id: 1, later: null }),
      ]);
    });
  });
});
