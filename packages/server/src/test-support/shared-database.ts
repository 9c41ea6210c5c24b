/**
 * Test helper: Propolis nodes sharing one database (a SQLite folder, or a PostgreSQL database when
 * DATABASE_URL is set), started and stopped at will, to test restarts and leases.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPropolis, type Propolis } from '../app.js';
import { type ConfigOverrides, loadConfig } from '../config.js';
import { HttpClient } from './http.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, createPgDatabase } from './server.js';

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
  const pgDb = baseUrl ? await createPgDatabase(baseUrl) : undefined;
  return {
    dataDir,
    async start(overrides = {}) {
      const config = loadConfig({}, undefined, {
        dataDir,
        databaseUrl: pgDb?.url,
        adminPassword: ADMIN_PASSWORD,
        logLevel: 'silent',
        ...overrides,
        auth: { passwordHashCost: 1024 },
      });
      const propolis = await buildPropolis(config, { logger: false });
      await propolis.app.listen({ port: 0, host: '127.0.0.1' });
      const address = propolis.app.server.address();
      if (!address || typeof address === 'string') throw new Error('no TCP port');
      const url = `http://127.0.0.1:${address.port}`;
      return {
        propolis,
        url,
        admin: new HttpClient(url, { basic: [ADMIN_LOGIN, ADMIN_PASSWORD] }),
        close: () => propolis.close(),
      };
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
