/**
 * Reads run as named prepared statements on PostgreSQL (db/pg-prepared.ts): parsed once per
 * connection, and planned once when PostgreSQL finds its generic plan as good as the custom ones.
 * Planning a simple read costs the backend more than running it (about 0.3 ms against 0.05 ms for
 * an alert by id), so the reads of hot paths with a fixed text and one right plan whatever the
 * values (rows by primary key, one index range read) go through here. SQLite prepares every
 * statement once per text already (db/sqlite-dialect.ts).
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { namedReaderOf, preparedRead } from './pg-prepared.js';
import type { Database } from './schema.js';
import { dialectOf } from './visibility.js';

export async function executePrepared<O>(db: Kysely<Database>, query: Compilable<O>): Promise<O[]> {
  const compiled = query.compile();
  if (dialectOf(db) !== 'postgres') return (await db.executeQuery(compiled)).rows;
  preparedRead(compiled.sql);
  return (await namedReaderOf(db).executeQuery(compiled)).rows;
}

/**
 * A statement whose text a repository marked with `preparedRead`: on PostgreSQL, outside a
 * transaction, on the connections that keep its generic plan from the first execution
 * (db/pg-prepared.ts `namedReaderOf`).
 */
export function executeNamedRead<DB, O>(db: Kysely<DB>, compiled: CompiledQuery<O>): Promise<QueryResult<O>> {
  return namedReaderOf(db).executeQuery(compiled);
}

/** Marks the texts named by executePreparedOutsideTransactions, apart from the same read's text in a transaction. */
const OUTSIDE_TRANSACTIONS = '/* prepared outside transactions */ ';

/**
 * A general read (also run inside write transactions) as a named prepared statement on PostgreSQL,
 * but only outside a transaction. A `select *` prepared before another node's migration added a
 * column fails with SQLSTATE 0A000 ("cached plan must not change result type"): outside a
 * transaction db/pg-prepared.ts runs it again unnamed, inside one the error would abort the
 * transaction and fail the request. So the named text (marked by a leading comment) is only ever
 * run outside transactions, and inside one the read keeps its plain, unnamed text.
 */
export async function executePreparedOutsideTransactions<DB, O>(
  db: Kysely<DB>,
  query: Compilable<O>,
): Promise<O[]> {
  const compiled = query.compile();
  if (dialectOf(db) !== 'postgres' || db.isTransaction) return (await db.executeQuery(compiled)).rows;
  const text = preparedRead(`${OUTSIDE_TRANSACTIONS}${compiled.sql}`);
  return (await namedReaderOf(db).executeQuery<O>({ ...compiled, sql: text })).rows;
}
