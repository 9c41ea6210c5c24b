import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildPropolis, type Propolis } from '../app.js';
import { type Config, type ConfigOverrides, loadConfig } from '../config.js';
import { createPgDatabase } from '../db/pg-scratch.js';
import { createMigratedPgDatabase, seedMigratedSqlite } from './database-template.js';
import { HttpClient } from './http.js';

export const ADMIN_LOGIN = 'admin@thehive.local';
export const ADMIN_PASSWORD = 'admin-secret-1';

export interface TestServer {
  url: string;
  propolis: Propolis;
  /** A client authenticated as the platform administrator (Basic). */
  admin: HttpClient;
  /** An unauthenticated client. */
  anonymous: HttpClient;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export { createPgDatabase };

/** The configuration of a test server: its data folder, its database (SQLite when no URL), the admin password, silent. */
export function testConfig(
  dataDir: string,
  databaseUrl: string | undefined,
  overrides: ConfigOverrides,
): Config {
  return loadConfig({}, undefined, {
    dataDir,
    databaseUrl,
    adminPassword: ADMIN_PASSWORD,
    logLevel: 'silent',
    ...overrides,
    // Cheap password hashes keep the suites fast; production uses the default cost.
    auth: { passwordHashCost: 1024, ...overrides.auth },
  });
}

export async function startTestServer(overrides: ConfigOverrides = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-test-'));
  const baseUrl = process.env.DATABASE_URL;
  const pgDb = baseUrl ? await createMigratedPgDatabase(baseUrl) : undefined;
  if (!pgDb) await seedMigratedSqlite(dataDir);
  const listening = await listenForTests(testConfig(dataDir, pgDb?.url, overrides));
  const { propolis } = listening;
  return {
    ...listening,
    dialect: pgDb ? 'postgres' : 'sqlite',
    async close() {
      await propolis.close();
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server of the enclosing file or describe block: started by a `beforeAll` this registers and
 * closed by its `afterAll`. The object returned is filled in when the hook has run, so it can be
 * declared at the top of a file and used in every test (not in code that runs at collection time).
 */
export function useTestServer(overrides: ConfigOverrides = {}): TestServer {
  const handle = {} as TestServer;
  beforeAll(async () => {
    Object.assign(handle, await startTestServer(overrides));
  });
  afterAll(async () => {
    await handle.close?.();
  });
  return handle;
}

/** Builds Propolis from `config`, listens on a free loopback port, and gives the clients tests use. */
export async function listenForTests(config: Config) {
  const propolis = await buildPropolis(config, { logger: false });
  await propolis.app.listen({ port: 0, host: '127.0.0.1' });
  const address = propolis.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    propolis,
    url,
    admin: new HttpClient(url, { basic: [ADMIN_LOGIN, ADMIN_PASSWORD] }),
    anonymous: new HttpClient(url, {}),
  };
}
