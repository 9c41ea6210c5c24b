/**
 * A real Propolis server with the analysis engine for tests: SQLite in a temporary folder, or a
 * fresh PostgreSQL database when DATABASE_URL is set; the Cortex workers of ../shared/data/cortex.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPropolis, type ConfigOverrides, loadConfig, type Propolis } from '@propolis/server';
import { afterAll, beforeAll } from 'vitest';
import {
  createMigratedPgDatabase,
  seedMigratedSqlite,
} from '../../../server/src/test-support/database-template.js';
import { HttpClient } from '../../../server/src/test-support/http.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import type { AnalysisConfig } from '../config.js';
import { type AnalysisExtension, analysisExtension } from '../extension.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The shared test material: PROPOLIS_SHARED_DIR, else <repo>/../shared, else /work/shared. */
export function sharedDir(): string {
  const candidates = [process.env.PROPOLIS_SHARED_DIR, path.resolve(repo, '../shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(path.join(c, 'data/cortex'))) return c;
  throw new Error('The shared test material (data/cortex) is missing: set PROPOLIS_SHARED_DIR');
}

export const cortexDir = () => path.join(sharedDir(), 'data/cortex');

/** Settings that run the real Cortex workers: their folders and cortexutils on PYTHONPATH. */
export const realWorkers = (): Partial<AnalysisConfig> => ({
  analyzerPaths: [path.join(cortexDir(), 'analyzers')],
  responderPaths: [path.join(cortexDir(), 'responders')],
  env: { PYTHONPATH: path.join(cortexDir(), 'lib') },
});

export interface AnalysisServer {
  url: string;
  propolis: Propolis;
  extension: AnalysisExtension;
  admin: HttpClient;
  anonymous: HttpClient;
  dialect: 'sqlite' | 'postgres';
  dataDir: string;
  close(): Promise<void>;
}

export async function startAnalysisServer(
  analysis: Partial<AnalysisConfig> = {},
  options: { databaseUrl?: string; platform?: ConfigOverrides; ownPort?: boolean } = {},
): Promise<AnalysisServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-analysis-'));
  const baseUrl = process.env.DATABASE_URL;
  const pgDb = options.databaseUrl
    ? undefined
    : baseUrl
      ? await createMigratedPgDatabase(baseUrl)
      : undefined;
  const databaseUrl = options.databaseUrl ?? pgDb?.url;
  if (!databaseUrl) await seedMigratedSqlite(dataDir);
  const config = loadConfig({}, undefined, {
    dataDir,
    databaseUrl,
    adminPassword: ADMIN_PASSWORD,
    logLevel: 'silent',
    ...options.platform,
    auth: { passwordHashCost: 1024 },
  });
  const extension = analysisExtension(
    { pollMilliseconds: 200, ...analysis },
    options.ownPort ? { ownPort: { port: 0, host: '127.0.0.1' } } : {},
  );
  const propolis = await buildPropolis(config, { logger: false, extensions: [extension] });
  await propolis.app.listen({ port: 0, host: '127.0.0.1' });
  const address = propolis.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    propolis,
    extension,
    dataDir,
    dialect: databaseUrl ? 'postgres' : 'sqlite',
    admin: new HttpClient(url, { basic: [ADMIN_LOGIN, ADMIN_PASSWORD] }),
    anonymous: new HttpClient(url, {}),
    async close() {
      await propolis.close();
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The analysis server of the enclosing file or describe block (as the server's `useTestServer`):
 * started by a `beforeAll` this registers, closed by its `afterAll`; filled in when the hook has run.
 */
export function useAnalysisServer(
  analysis: Partial<AnalysisConfig> = {},
  options: { databaseUrl?: string; platform?: ConfigOverrides; ownPort?: boolean } = {},
): AnalysisServer {
  const handle = {} as AnalysisServer;
  beforeAll(async () => {
    Object.assign(handle, await startAnalysisServer(analysis, options));
  });
  afterAll(async () => {
    await handle.close?.();
  });
  return handle;
}
