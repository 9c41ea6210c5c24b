/**
 * Migrated template databases for the test suites. Every test server used to run all the migrations
 * on an empty database at start (about 1.5 s on PostgreSQL, 0.3-0.7 s on SQLite on the 2-core
 * machine, for several hundred servers a run). The suite's global set-up (./global-setup.ts) migrates
 * one template per run instead: a PostgreSQL database that test databases are created from
 * (CREATE DATABASE ... TEMPLATE, a file copy on the server) and a SQLite file copied into each test
 * server's data folder. The server still runs `migrate` at start, which then finds nothing to do.
 *
 * Without the global set-up (a test file run by another runner) the environment variables are unset
 * and the helpers below give empty databases, as before.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createPgDatabase, type ScratchDatabase } from '../db/pg-scratch.js';

/** The name of the migrated PostgreSQL template database on DATABASE_URL's server. */
export const PG_TEMPLATE_ENV = 'PROPOLIS_TEST_PG_TEMPLATE';
/** The path of a migrated SQLite database file (propolis.db) to start test servers from. */
export const SQLITE_TEMPLATE_ENV = 'PROPOLIS_TEST_SQLITE_TEMPLATE';

async function run(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new database on the server of `baseUrl` with every migration applied: a copy of the run's
 * template when there is one, else an empty database (the server migrates it at start).
 */
export async function createMigratedPgDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const template = process.env[PG_TEMPLATE_ENV];
  if (!template) return createPgDatabase(baseUrl);
  if (!/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`not a template database name: ${template}`);
  const name = `propolis_t_${randomBytes(6).toString('hex')}`;
  // FILE_COPY copies the template's files (after a checkpoint, cheap on the test cluster without
  // fsync): about half the time of the default WAL_LOG, which writes every block through the WAL.
  await run(baseUrl, `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Puts the run's migrated SQLite file in `dataDir` (where a SQLite server opens propolis.db), if there is one. */
export async function seedMigratedSqlite(dataDir: string): Promise<void> {
  const template = process.env[SQLITE_TEMPLATE_ENV];
  if (!template) return;
  await mkdir(dataDir, { recursive: true });
  await copyFile(template, path.join(dataDir, 'propolis.db'));
}
