/**
 * Opens the storage chosen by configuration: SQLite (WAL) in the data directory, or PostgreSQL
 * when a postgres:// URL is given. Both go through Kysely so the rest of the code is dialect-free.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AlertWriterThread, registerAlertWriter } from './alert-writer-thread.js';
import { Checkpointer, RESTART_WAL_BYTES } from './checkpointer.js';
import type { WriteGate } from './group-commit.js';
import { prepareInserts, registerNamedReader } from './pg-prepared.js';
import type { Database } from './schema.js';
import { SplitSqliteDialect } from './sqlite-dialect.js';

/** Page cache of the SQLite connections that do most of the work (reader, alert writer thread), in KiB. */
const SQLITE_CACHE_KIB = 32 * 1024;
/**
 * Page cache of the writer connection, in KiB: new alerts, most of the writes, go through the alert
 * writer thread's connection (db/alert-writer-thread.ts); this one keeps the other writes.
 */
const WRITER_CACHE_KIB = 8 * 1024;

export type Dialect = 'sqlite' | 'postgres';

/** SQLite: what a write transaction of group commit waits for first (db/checkpointer.ts `beforeWrite`). */
const writeGates = new WeakMap<Kysely<Database>, WriteGate>();
/**
 * PostgreSQL: connections of the named reads' pool (db/pg-prepared.ts `namedReaderOf`), beside the
 * main pool's 10. Named reads are short (rows by key, bounded index ranges).
 */
const NAMED_READ_CONNECTIONS = 4;

export function writeGateOf(db: Kysely<Database>): WriteGate | undefined {
  return writeGates.get(db);
}

export interface Storage {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// int8 (bigint) columns carry epoch milliseconds and ids: well inside Number's safe range.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** A pool of PostgreSQL connections (with these server options) that name their INSERTs and marked reads. */
function postgresInstance(databaseUrl: string, max: number, serverOptions?: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: serverOptions });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  prepareInserts(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openStorage(options: {
  dataDir: string;
  databaseUrl?: string;
  /** SQLite: WAL content past which the WAL is restarted between two batches (db/checkpointer.ts); tests set a small one. */
  walRestartBytes?: number;
}): Storage {
  if (options.databaseUrl) {
    const db = postgresInstance(options.databaseUrl, 10);
    // Named reads outside transactions (db/pg-prepared.ts `namedReaderOf`): planned once per
    // connection, their generic plan kept from the first execution.
    const named = postgresInstance(
      options.databaseUrl,
      NAMED_READ_CONNECTIONS,
      '-c plan_cache_mode=force_generic_plan',
    );
    registerNamedReader(db, named);
    return {
      db,
      dialect: 'postgres',
      close: async () => {
        await named.destroy();
        await db.destroy();
      },
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'propolis.db');
  const restartWalBytes = options.walRestartBytes ?? RESTART_WAL_BYTES;
  const pragmas = [
    'journal_mode = WAL',
    'synchronous = NORMAL',
    'foreign_keys = ON',
    // The process's writers (this connection and the alert writer thread, db/alert-writer-thread.ts)
    // never write at once: what can make one wait is the checkpointer's TRUNCATE
    // checkpoint (db/checkpointer.ts), which copies up to 512 MB of WAL into the database. On a slow
    // or busy disk that took longer than 5 s (a 1M-alert load on the 2-core machine failed with
    // "database is locked"), so the writer waits as long as a checkpoint can take rather than fail a
    // write that would have succeeded a moment later.
    'busy_timeout = 120000',
    // Savepoints (group commit) journal the pages they change: in memory, not in a temporary file.
    'temp_store = MEMORY',
    // Checkpoints run in a worker thread (db/checkpointer.ts), not on the writer.
    'wal_autocheckpoint = 0',
    // After the WAL restarts (db/checkpointer.ts), the first commit trims a file that grew longer
    // (kept under the checkpointer's TRUNCATE threshold, 512 MB).
    `journal_size_limit = ${Math.round(1.5 * restartWalBytes)}`,
  ];
  const writer = new SqliteDatabase(file);
  for (const pragma of [...pragmas, `cache_size = -${WRITER_CACHE_KIB}`]) writer.pragma(pragma);
  const reader = new SqliteDatabase(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  // A write sent to the reader by mistake fails loudly instead of contending with the writer.
  reader.pragma('query_only = ON');
  const checkpointer = new Checkpointer(file, restartWalBytes);
  const db = new Kysely<Database>({ dialect: new SplitSqliteDialect(writer, reader) });
  writeGates.set(db, { due: () => checkpointer.restartDue(), wait: () => checkpointer.beforeWrite() });
  // The second writer, of new alerts, with the same settings; its thread starts with the first alert.
  const alertWriter = new AlertWriterThread(file, [...pragmas, `cache_size = -${SQLITE_CACHE_KIB}`]);
  registerAlertWriter(db, alertWriter);
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await alertWriter.stop();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
