/**
 * Test helper: Propolis nodes sharing one database (a SQLite folder, or a PostgreSQL database when
 * DATABASE_URL is set), started and stopped at will, to test restarts and leases.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Propolis } from '../app.js';
import type { ConfigOverrides } from '../config.js';
import { createMigratedPgDatabase, seedMigratedSqlite } from './database-template.js';
import type { HttpClient } from './http.js';
import { listenForTests, testConfig } from './server.js';

export interface Node {
  propolis: Propolis;
  url: string;
  admin: HttpClient;
  close(): Promise<void>;
}

export interface SharedDatabase {
  dataDir: string;
  start(overrides?: ConfigOverrides): Promise<Node>;
  drop(): Promise<void>;
}

export async function sharedDatabase(): Promise<SharedDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-feeder-'));
  const baseUrl = process.env.DATABASE_URL;
  const pgDb = baseUrl ? await createMigratedPgDatabase(baseUrl) : undefined;
  if (!pgDb) await seedMigratedSqlite(dataDir);
  return {
    dataDir,
    async start(overrides = {}) {
      const { propolis, url, admin } = await listenForTests(testConfig(dataDir, pgDb?.url, overrides));
      return { propolis, url, admin, close: () => propolis.close() };
    },
    async drop() {
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
