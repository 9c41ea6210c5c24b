/**
 * Child processes of the benchmark: the Propolis server (`propolis serve`), the baseline server and
 * the load generator each run in their own process, apart from the harness.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'packages/cli/dist/propolis.mjs');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Running {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 of /api/health (or of the baseline's health route). */
  startMs: number;
  stop(): Promise<void>;
  /** The exit code (if the process has ended) and the tail of its stderr, for a failed run's report. */
  diagnostics(): string;
}

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server at ${url} not healthy after ${timeoutMs} ms`);
}

export async function startProcess(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  port: number,
): Promise<Running> {
  const started = performance.now();
  // BENCH_NODE_ARGS: node options for the servers alone (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to
  // profile them), which NODE_OPTIONS cannot carry.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const startMs = performance.now() - started;
  return {
    child,
    url,
    startMs,
    diagnostics: () =>
      `${path.basename(script)} ${child.exitCode === null ? `still running (signal ${child.signalCode ?? 'none'})` : `exited with code ${child.exitCode}`}; stderr tail:\n${stderr || '(empty)'}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `propolis serve` on a data directory or a PostgreSQL URL. */
export async function startPropolis(
  db: { dataDir: string; databaseUrl?: string },
  adminPassword: string,
  env: Record<string, string> = {},
): Promise<Running> {
  const port = await freePort();
  return startProcess(
    CLI,
    ['serve'],
    {
      PROPOLIS_DATA_DIR: db.dataDir,
      DATABASE_URL: db.databaseUrl ?? '',
      PROPOLIS_PORT: String(port),
      PROPOLIS_ADMIN_PASSWORD: adminPassword,
      PROPOLIS_LOG_LEVEL: 'warn',
      ...env,
    },
    port,
  );
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a node script to completion and parses the JSON it prints last on stdout. */
export async function runJson<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
      } catch (error) {
        reject(
          new Error(`${path.basename(script)} printed no JSON: ${(error as Error).message}\n${out}${err}`),
        );
      }
    });
  });
}

import { createPgDatabase } from '../../packages/server/dist/db/pg-scratch.js';

export { createPgDatabase };

/**
 * Runs a benchmark on SQLite, then (given a PostgreSQL URL) on a scratch PostgreSQL database named
 * after `name`, dropped after; prints the results of both as JSON.
 */
export async function onBothDatabases(
  pgUrl: string | undefined,
  name: string,
  run: (kind: 'sqlite' | 'postgres', databaseUrl?: string) => Promise<Record<string, number>>,
): Promise<void> {
  const out: Record<string, Record<string, number>> = { sqlite: await run('sqlite') };
  if (pgUrl) {
    const db = await createPgDatabase(pgUrl, name);
    try {
      out.postgres = await run('postgres', db.url);
    } finally {
      await db.drop();
    }
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
