/**
 * Opens the storage chosen by configuration: SQLite (WAL) in the data directory, or PostgreSQL
 * when a postgres:// URL is given. Both go through Kysely so the rest of the code is dialect-free.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Checkpointer, RESTART_WAL_BYTES } from './checkpointer.js';
import { prepareInserts } from './pg-prepared.js';
import type { Database } from './schema.js';
import { SplitSqliteDialect } from './sqlite-dialect.js';

/** Page cache of each SQLite connection (writer and reader), in KiB. */
const SQLITE_CACHE_KIB = 32 * 1024;

export type Dialect = 'sqlite' | 'postgres';

/** SQLite: what a write transaction of group commit waits for first (db/checkpointer.ts `beforeWrite`). */
const writeGates = new WeakMap<Kysely<Database>, () => Promise<void> | undefined>();

export function writeGateOf(db: Kysely<Database>): (() => Promise<void> | undefined) | undefined {
  return writeGates.get(db);
}

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (bigint) columns carry epoch milliseconds and ids: well inside Number's safe range.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function openStorage(options: {
  dataDir: string;
  databaseUrl?: string;
  /** SQLite: WAL content past which the WAL is restarted between two batches (db/checkpointer.ts); tests set a small one. */
  walRestartBytes?: number;
}): Storage {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    prepareInserts(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'propolis.db');
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('foreign_keys = ON');
  // The writer is the process's only writer: what can make it wait is the checkpointer's TRUNCATE
  // checkpoint (db/checkpointer.ts), which copies up to 256 MB of WAL into the database. On a slow
  // or busy disk that took longer than 5 s (a 1M-alert load on the 2-core machine failed with
  // "database is locked"), so the writer waits as long as a checkpoint can take rather than fail a
  // write that would have succeeded a moment later.
  writer.pragma('busy_timeout = 120000');
  writer.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  // Savepoints (group commit) journal the pages they change: in memory, not in a temporary file.
  writer.pragma('temp_store = MEMORY');
  // Checkpoints run in a worker thread (db/checkpointer.ts), not on the writer.
  writer.pragma('wal_autocheckpoint = 0');
  // After the WAL restarts (db/checkpointer.ts), the first commit trims a file that grew longer
  // (kept under the checkpointer's TRUNCATE threshold, 256 MB).
  const restartWalBytes = options.walRestartBytes ?? RESTART_WAL_BYTES;
  writer.pragma(`journal_size_limit = ${Math.round(1.5 * restartWalBytes)}`);
  const reader = new SqliteDatabase(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  // A write sent to the reader by mistake fails loudly instead of contending with the writer.
  reader.pragma('query_only = ON');
  const checkpointer = new Checkpointer(file, restartWalBytes);
  const db = new Kysely<Database>({ dialect: new SplitSqliteDialect(writer, reader) });
  writeGates.set(db, () => checkpointer.beforeWrite());
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
