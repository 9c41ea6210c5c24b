/**
 * SQLite: the full-text entries of new alerts and observables are written once per transaction,
 * just before its COMMIT, instead of by a trigger on every insert (migration 0037).
 *
 * Why: FTS5 writes the terms it holds in memory out as a new segment whenever a savepoint opens,
 * and SQLite opens one for every statement of a transaction that writes several rows (a statement
 * journal: the observables of an alert, its audit rows, the next alert with its triggers). With
 * insert triggers, each alert of a group-commit batch therefore left several tiny segments in
 * alert_fts and observable_fts, which FTS5 then merged again and again: at 2M alerts that was about
 * a fifth of the ingestion rate (decision 0017). Indexed at the end of the batch, the new
 * rows make one segment per table and batch.
 *
 * Nothing committed is ever missing from the index: `indexNewRows` runs in the transaction that
 * inserted the rows (db/group-commit.ts, `beforeCommit`), and once at start for rows written by
 * anything else. `fulltext_indexed` holds, per table, the highest id already indexed; ids only grow
 * (AUTOINCREMENT), so the rows above it are exactly the ones to index. The update and delete
 * triggers act only on rows at or below it: a row inserted and changed (or deleted) in the same
 * transaction is indexed as it stands at the end, and FTS5 is never asked to remove terms it never
 * held (which would corrupt an external-content index).
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** The tables indexed at commit, with their indexed columns (the same as migration 0007's). */
export const INDEXED_AT_COMMIT: Record<string, string[]> = {
  alert: ['title', 'description', 'summary'],
  observable: ['data', 'message'],
};

/** The statements that index the rows above the mark and move it, in order (also run by db/alert-writer-thread.ts). */
export const CATCH_UP_SQL: readonly string[] = Object.entries(INDEXED_AT_COMMIT).flatMap(
  ([table, columns]) => {
    const cols = columns.join(', ');
    const last = `(SELECT last_id FROM fulltext_indexed WHERE tbl = '${table}')`;
    return [
      `INSERT INTO ${table}_fts(rowid, ${cols}) SELECT id, ${cols} FROM "${table}" WHERE id > ${last}`,
      `UPDATE fulltext_indexed SET last_id = (SELECT max(id) FROM "${table}") WHERE tbl = '${table}' AND last_id < (SELECT coalesce(max(id), 0) FROM "${table}")`,
    ];
  },
);
const catchUp = CATCH_UP_SQL.map((text) => CompiledQuery.raw(text));

/** A row when the database has migration 0037 (its mark table). */
export const HAS_MARK_SQL =
  "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'fulltext_indexed'";
const HAS_MARK = CompiledQuery.raw(HAS_MARK_SQL);

/** SQLite: whether the database indexes new rows at commit (it has migration 0037). */
export async function indexesAtCommit(db: Transaction<Database> | Kysely<Database>): Promise<boolean> {
  return (await db.executeQuery(HAS_MARK)).rows.length > 0;
}

/**
 * What a SQLite group committer runs before each COMMIT (domain/deps.ts): `indexNewRows`, once the
 * database has migration 0037 (a database used without migrations, as some tests do, has not).
 */
export function indexNewRowsHook(): (trx: Transaction<Database>) => Promise<void> {
  let migrated = false;
  return async (trx) => {
    if (!migrated) migrated = await indexesAtCommit(trx);
    if (migrated) await indexNewRows(trx);
  };
}

/** Indexes the alerts and observables inserted since the last call (SQLite; in a write transaction). */
export async function indexNewRows(trx: Transaction<Database> | Kysely<Database>): Promise<void> {
  for (const query of catchUp) await trx.executeQuery(query);
}
