/**
 * The data tables of a Propolis database as seen by the operator commands (backup manifests, db
 * copy): every base table except the migration bookkeeping and SQLite's full-text index tables,
 * which are derived from the data tables.
 */
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';

const BOOKKEEPING = /^(kysely_|sqlite_)/;

export function sqliteTables(db: SqliteDatabase.Database): string[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as Array<{ name: string; sql: string | null }>;
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((name) => !BOOKKEEPING.test(name))
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}

export async function pgTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  return rows.map((r) => r.name).filter((name) => !BOOKKEEPING.test(name));
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function sqliteCounts(db: SqliteDatabase.Database): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of sqliteTables(db))
    out[t] = (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(t)}`).get() as { n: number }).n;
  return out;
}

export async function pgCounts(client: pg.ClientBase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await pgTables(client))
    out[t] = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t)}`)).rows[0]!.n,
    );
  return out;
}
