/**
 * Vitest global set-up (vitest.config.ts): migrates the run's template databases once, before any
 * test file runs, and removes them after the run. See ./database-template.ts.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStorage } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createPgDatabase } from '../db/pg-scratch.js';
import { PG_TEMPLATE_ENV, SQLITE_TEMPLATE_ENV } from './database-template.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-template-'));
  const sqlite = openStorage({ dataDir });
  try {
    await migrate(sqlite);
  } finally {
    await sqlite.close();
  }
  const file = path.join(dataDir, 'propolis.db');
  // closing the last connection checkpoints the WAL into the file: the copy is the whole database
  if (existsSync(`${file}-wal`)) throw new Error('the SQLite template kept a WAL file after closing');
  process.env[SQLITE_TEMPLATE_ENV] = file;

  const baseUrl = process.env.DATABASE_URL;
  const pgTemplate = baseUrl ? await createPgDatabase(baseUrl, 'propolis_template') : undefined;
  if (pgTemplate) {
    const storage = openStorage({ dataDir, databaseUrl: pgTemplate.url });
    try {
      await migrate(storage);
    } finally {
      await storage.close();
    }
    process.env[PG_TEMPLATE_ENV] = new URL(pgTemplate.url).pathname.slice(1);
  }

  return async () => {
    delete process.env[PG_TEMPLATE_ENV];
    delete process.env[SQLITE_TEMPLATE_ENV];
    await pgTemplate?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
