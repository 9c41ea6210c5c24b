/**
 * `propolis db copy --to <postgres-url>`: copies a SQLite instance (the configured data folder, or
 * --from) into a PostgreSQL database, the way an installation outgrows one machine. The target is
 * migrated first and must be empty (--force empties it). Rows are copied table by table in foreign
 * key order inside one transaction, attachment files go into `blob.data` (where PostgreSQL keeps
 * them), identity sequences continue after the copied ids, and the copy is verified: the same row
 * count and the same order-free checksum for every table, and every attachment's bytes against its
 * SHA-256. `alert_rollup` (the alert statistics) is rebuilt by the target's own triggers as the
 * alerts go in, and is verified by its totals. Stop the server first: writes made during the copy
 * would be missing from it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import type { Command } from 'commander';
import type pg from 'pg';
import { redactUrl, serverConfig, withConfigOption } from '../support/config.js';
import { CommandError, UsageError } from '../support/errors.js';
import { operator, pg as pgModule, sqlite } from '../support/lazy.js';
import { report } from '../support/output.js';
import { startProgress } from '../support/progress.js';
import { TableChecksum } from '../support/row-checksum.js';
import { pgTables, quoteIdent, sqliteTables } from '../support/tables.js';

/** Derived from `alert` by triggers on both databases. */
const DERIVED = new Set(['alert_rollup']);
const ROLLUP_COUNTS = ['n', 'hd_n', 'hd_ms', 'hd_s', 'hd_m', 'hd_h', 'hd_d'];
const BATCH_ROWS = 500;
const BATCH_BYTES = 16 * 1024 * 1024;
const MAX_PARAMS = 60_000;

interface CopyOptions {
  to?: string;
  from?: string;
  config?: string;
  force?: boolean;
  json?: boolean;
}

interface TableReport {
  table: string;
  rows: number;
  checksum: string;
  verified: boolean;
}

type Sqlite = SqliteDatabase.Database;

function sqliteColumns(db: Sqlite, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>).map(
    (c) => c.name,
  );
}

async function pgColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
    [table],
  );
  return rows.map((r) => r.name);
}

/** Tables ordered so that every table comes after those its foreign keys point to. */
async function foreignKeyOrder(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const r of rows) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent);
  const out: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (out.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const p of parents.get(t) ?? []) visit(p);
    visiting.delete(t);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

/** Reads a table in rowid order, a batch at a time (inside the caller's read transaction). */
function* sqliteBatches(db: Sqlite, table: string, columns: string[]): Generator<Record<string, unknown>[]> {
  const select = db.prepare(
    `SELECT rowid AS "__rowid", ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  let after = Number.MIN_SAFE_INTEGER;
  const limit = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  for (;;) {
    const rows = select.all(after, limit) as Array<Record<string, unknown> & { __rowid: number }>;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.__rowid;
    for (const r of rows) delete (r as Record<string, unknown>).__rowid;
    yield rows;
  }
}

async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  rows: Record<string, unknown>[],
) {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = columns.map((c) => {
      params.push(row[c] ?? null);
      return `$${params.length}`;
    });
    return `(${marks.join(', ')})`;
  });
  await client.query(
    `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`,
    params,
  );
}

async function blobBytes(dataDir: string, sha256: string): Promise<Buffer> {
  const file = path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  try {
    return await readFile(file);
  } catch {
    throw new CommandError(`attachment ${sha256} is recorded but its file ${file} is missing`);
  }
}

async function rollupTotals(read: (sql: string) => Promise<Array<Record<string, unknown>>>, keys: string[]) {
  const sums = ROLLUP_COUNTS.map((c) => `SUM(${quoteIdent(c)}) AS ${quoteIdent(c)}`).join(', ');
  const group = keys.map(quoteIdent).join(', ');
  const rows = await read(`SELECT ${group}, ${sums} FROM alert_rollup GROUP BY ${group}`);
  const check = new TableChecksum([...keys, ...ROLLUP_COUNTS]);
  for (const r of rows) {
    for (const c of ROLLUP_COUNTS) r[c] = Number(r[c]);
    if (ROLLUP_COUNTS.some((c) => r[c] !== 0)) check.add(r);
  }
  return check.digest();
}

async function copy(options: CopyOptions) {
  const targetUrl = options.to ?? process.env.PROPOLIS_COPY_TO;
  if (!targetUrl) throw new UsageError('no target: give --to <postgres://...> or set PROPOLIS_COPY_TO');
  if (!/^postgres(ql)?:\/\//.test(targetUrl)) throw new UsageError('--to must be a postgres:// URL');
  const dataDir = path.resolve(options.from ?? (await serverConfig(options)).dataDir);
  const file = path.join(dataDir, 'propolis.db');
  if (!existsSync(file)) throw new UsageError(`no SQLite database at ${file}: give --from <data folder>`);

  // The schema of the target: this build's migrations.
  const { migrate, migrationStatus, openStorage } = await operator();
  const SqliteDb = await sqlite();
  const pg = await pgModule();
  const sourceStorage = openStorage({ dataDir });
  try {
    if ((await migrationStatus(sourceStorage)).pending.length)
      throw new CommandError('the SQLite database is not up to date: run `propolis migrate` on it first');
  } finally {
    await sourceStorage.close();
  }
  const storage = openStorage({ dataDir, databaseUrl: targetUrl });
  try {
    await migrate(storage);
  } finally {
    await storage.close();
  }

  const source = new SqliteDb(file, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  const client = new pg.Client({ connectionString: targetUrl });
  await client.connect();
  const started = Date.now();
  try {
    const targetTables = await pgTables(client);
    const sourceTables = new Set(sqliteTables(source));
    const missing = targetTables.filter((t) => !sourceTables.has(t));
    if (missing.length)
      throw new CommandError(`tables missing from the SQLite database: ${missing.join(', ')}`);
    const order = await foreignKeyOrder(client, targetTables);

    const nonEmpty: string[] = [];
    for (const t of order)
      if ((await client.query(`SELECT 1 FROM ${quoteIdent(t)} LIMIT 1`)).rowCount) nonEmpty.push(t);
    // `propolis migrate` leaves bookkeeping rows (analysis_cursor); real data needs --force.
    const fresh = nonEmpty.every((t) => t === 'analysis_cursor');
    if (!fresh && !options.force)
      throw new UsageError(
        `the target database holds data (${nonEmpty.join(', ')}): copy into an empty database, or add --force to replace its content`,
      );

    const counts = Object.fromEntries(
      order.map((t) => [
        t,
        (source.prepare(`SELECT count(*) AS n FROM ${quoteIdent(t)}`).get() as { n: number }).n,
      ]),
    );
    const progress = startProgress(
      'rows',
      Object.values(counts).reduce((a, b) => a + b, 0),
      options,
    );
    const tables: TableReport[] = [];
    source.exec('BEGIN'); // one snapshot of the source
    await client.query('BEGIN');
    try {
      await client.query(`TRUNCATE ${order.map(quoteIdent).join(', ')} RESTART IDENTITY CASCADE`);
      for (const table of order) {
        const targetColumns = await pgColumns(client, table);
        const sourceColumns = new Set(sqliteColumns(source, table));
        const extra = [...sourceColumns].filter((c) => !targetColumns.includes(c));
        if (extra.length)
          throw new CommandError(`${table}: columns unknown to PostgreSQL: ${extra.join(', ')}`);
        const columns = targetColumns.filter((c) => sourceColumns.has(c));
        if (DERIVED.has(table)) {
          progress.tick(counts[table] ?? 0, table);
          continue;
        }
        const checked = columns.filter((c) => !(table === 'blob' && c === 'data'));
        const sum = new TableChecksum(checked);
        for (const batch of sqliteBatches(source, table, columns)) {
          if (table === 'blob') {
            // Files go into blob.data, a few megabytes per statement.
            let chunk: Record<string, unknown>[] = [];
            let bytes = 0;
            for (const row of batch) {
              row.data ??= await blobBytes(dataDir, String(row.sha256));
              bytes += (row.data as Buffer).length;
              chunk.push(row);
              if (bytes >= BATCH_BYTES) {
                await insertRows(client, table, columns, chunk);
                chunk = [];
                bytes = 0;
              }
            }
            await insertRows(client, table, columns, chunk);
          } else await insertRows(client, table, columns, batch);
          for (const row of batch) sum.add(row);
          progress.tick(batch.length, table);
        }
        tables.push({ table, rows: sum.count, checksum: sum.digest(), verified: false });
        // identity columns continue after the copied ids
        if (targetColumns.includes('id')) {
          const seq = await client.query<{ s: string | null }>(
            "SELECT pg_get_serial_sequence($1, 'id') AS s",
            [quoteIdent(table)],
          );
          const sequence = seq.rows[0]?.s;
          if (sequence)
            await client.query(
              `SELECT setval($1, COALESCE((SELECT MAX(id) FROM ${quoteIdent(table)}), 1), (SELECT MAX(id) FROM ${quoteIdent(table)}) IS NOT NULL)`,
              [sequence],
            );
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      source.exec('COMMIT');
      progress.stop();
    }

    // Verification: read everything back from PostgreSQL.
    const problems: string[] = [];
    for (const t of tables) {
      const targetColumns = (await pgColumns(client, t.table)).filter(
        (c) => !(t.table === 'blob' && c === 'data') && sqliteColumns(source, t.table).includes(c),
      );
      const sum = new TableChecksum(targetColumns);
      const { rows } = await client.query(
        `SELECT ${targetColumns.map(quoteIdent).join(', ')} FROM ${quoteIdent(t.table)}`,
      );
      for (const r of rows) sum.add(r as Record<string, unknown>);
      t.verified = sum.count === t.rows && sum.digest() === t.checksum;
      if (!t.verified)
        problems.push(
          `${t.table}: ${sum.count} rows in PostgreSQL, ${t.rows} in SQLite, checksums ${sum.digest() === t.checksum ? 'equal' : 'differ'}`,
        );
    }
    const badBlobs = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM blob WHERE data IS NULL OR encode(sha256(data), 'hex') <> sha256",
    );
    if (Number(badBlobs.rows[0]!.n))
      problems.push(`${badBlobs.rows[0]!.n} attachment(s) whose bytes do not match their SHA-256`);
    const rollupKeys = sqliteColumns(source, 'alert_rollup').filter(
      (c) => c !== 'id' && !ROLLUP_COUNTS.includes(c),
    );
    const rollupSource = await rollupTotals(
      async (q) => source.prepare(q).all() as Array<Record<string, unknown>>,
      rollupKeys,
    );
    const rollupTarget = await rollupTotals(async (q) => (await client.query(q)).rows, rollupKeys);
    if (rollupSource !== rollupTarget) problems.push('alert statistics (alert_rollup totals) differ');
    if (problems.length) throw new CommandError(`the copy does not verify: ${problems.join('; ')}`);
    return {
      from: file,
      to: redactUrl(targetUrl),
      seconds: (Date.now() - started) / 1000,
      rows: tables.reduce((a, t) => a + t.rows, 0),
      tables,
    };
  } finally {
    source.close();
    await client.end();
  }
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('database operations');
  withConfigOption(db.command('copy'))
    .description(
      'copy a SQLite instance into PostgreSQL (server stopped), verified by row counts and checksums of every table',
    )
    .option(
      '--to <url>',
      'target postgres:// URL (else PROPOLIS_COPY_TO; prefer the variable: flags show in ps)',
    )
    .option(
      '--from <folder>',
      'SQLite data folder (else that of the configuration: PROPOLIS_DATA_DIR, default ./data)',
    )
    .option('--force', 'replace the content of a target database that holds data')
    .option('--json', 'print the report as JSON')
    .action(async (options: CopyOptions) => {
      const result = await copy(options);
      report(
        options,
        result,
        () =>
          `Copied ${result.rows} rows of ${result.tables.length} tables from ${result.from} to ${result.to} in ${result.seconds.toFixed(1)} s; every table verified (counts and checksums)`,
      );
    });
}
