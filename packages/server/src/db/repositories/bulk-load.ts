/**
 * Bulk loading for benchmarks, imports and migrations: batched multi-row inserts with ids chosen by
 * the caller (so that children can point to their parents without reading ids back), then the
 * identity sequences moved past them. Nothing here checks permissions or writes audit rows: callers
 * are trusted tools that hold already-valid rows, never request handlers.
 */
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Tables that can be loaded in bulk. */
export type BulkTable = 'alert' | 'case' | 'task' | 'task_log' | 'observable' | 'entity_tag';

/** Bind parameters per statement: under SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMS = 30_000;

/** Inserts rows as multi-row INSERTs of at most MAX_PARAMS parameters each (call inside a transaction). */
export async function bulkInsert<T extends BulkTable>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns));
  // Kysely cannot relate a generic table name to its row type, hence the cast of the rows.
  for (let i = 0; i < rows.length; i += perStatement) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perStatement) as never)
      .execute();
  }
}

/** The largest id of a table (0 when empty): bulk loads number their rows from there. */
export async function maxId(db: Db, table: Exclude<BulkTable, 'entity_tag'>): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('id').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/**
 * After rows were inserted with explicit ids: PostgreSQL's identity sequences do not move by
 * themselves, so the next generated id would collide. SQLite's AUTOINCREMENT already follows.
 */
export async function syncIdentity(
  db: Db,
  dialect: Dialect,
  table: Exclude<BulkTable, 'entity_tag'>,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`SELECT setval(pg_get_serial_sequence(${`"${table}"`}, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${sql.table(table)}), false)`.execute(
    db,
  );
}

/** Moves an organisation's counter (case numbers) to at least `value`. */
export async function raiseSequence(
  db: Db,
  organisationId: number,
  name: string,
  value: number,
): Promise<void> {
  await db
    .insertInto('sequence')
    .values({ organisation_id: organisationId, name, value })
    .onConflict((oc) => oc.columns(['organisation_id', 'name']).doUpdateSet({ value }))
    .execute();
}

/**
 * PostgreSQL after a bulk load: VACUUM ANALYZE, as autovacuum does within minutes of many inserts
 * (statistics for the planner, and the visibility map that lets index-only scans skip the rows).
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await sql`VACUUM ANALYZE`.execute(db);
}
