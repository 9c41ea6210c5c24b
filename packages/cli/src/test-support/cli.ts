/**
 * The built `propolis` command (dist/propolis.mjs, built by `npm test`) as tests run it: one-shot
 * commands with their exit code and output, and `propolis serve` processes on a new data folder (or
 * a new PostgreSQL database when DATABASE_URL is set) and a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../server/src/test-support/free-port.js';
import { createPgDatabase } from '../../../server/src/test-support/server.js';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/propolis.mjs');
export const haveCli = () => existsSync(CLI);
export const ADMIN_PASSWORD = 'cli-admin-secret-1';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Where one Propolis instance keeps its data: a new folder, and a new PostgreSQL database if DATABASE_URL is set. */
export interface Instance {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

export async function newInstance(options: { postgres?: boolean } = {}): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'propolis-cli-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROPOLIS_DATA_DIR: dataDir,
    PROPOLIS_LOG_LEVEL: 'warn',
    PROPOLIS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PROPOLIS_NO_PROGRESS: '1',
    // the profiles of this instance's folder (none unless a test writes them), never the user's
    PROPOLIS_PROFILES: path.join(dataDir, 'profiles.yaml'),
  };
  delete env.PROPOLIS_PROFILE;
  delete env.DATABASE_URL;
  delete env.PROPOLIS_URL;
  delete env.PROPOLIS_API_KEY;
  let pgDb: { url: string; drop(): Promise<void> } | undefined;
  const usePg = options.postgres ?? Boolean(process.env.DATABASE_URL);
  if (usePg && process.env.DATABASE_URL) {
    pgDb = await createPgDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = pgDb.url;
  }
  return {
    env,
    dataDir,
    databaseUrl: pgDb?.url,
    async drop() {
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** Basic credentials of admin@thehive.local. */
  admin: string;
  stop(): Promise<void>;
}

export async function serve(instance: Instance): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    env: instance.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${url}/api/health`).catch(() => undefined))?.status === 200) break;
    if (child.exitCode !== null || i > 600) throw new Error(`propolis serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    admin: `Basic ${Buffer.from(`admin@thehive.local:${ADMIN_PASSWORD}`).toString('base64')}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A JSON call to a served instance. */
export async function call<T = unknown>(
  url: string,
  auth: string,
  method: string,
  route: string,
  body?: unknown,
  organisation?: string,
): Promise<T> {
  const headers: Record<string, string> = { authorization: auth };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (organisation) headers['x-organisation'] = organisation;
  const res = await fetch(`${url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

export async function upload<T = unknown>(
  url: string,
  auth: string,
  route: string,
  fields: unknown,
  file: { field: string; name: string; data: string | Buffer },
): Promise<T> {
  const form = new FormData();
  form.append('_json', JSON.stringify(fields));
  form.append(file.field, new Blob([file.data]), file.name);
  const res = await fetch(`${url}${route}`, { method: 'POST', headers: { authorization: auth }, body: form });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** An organisation `soc` with an analyst whose API key is returned (Bearer header). */
export async function socAnalyst(served: Served): Promise<string> {
  await call(served.url, served.admin, 'POST', '/api/v1/organisation', { name: 'soc', description: 'SOC' });
  await call(served.url, served.admin, 'POST', '/api/v1/user', {
    login: 'ana@soc.test',
    name: 'Ana',
    profile: 'analyst',
    organisation: 'soc',
  });
  return `Bearer ${await call<string>(served.url, served.admin, 'POST', '/api/v1/user/ana@soc.test/key/renew')}`;
}
