/**
 * Real `propolis serve` processes for tests that kill or run several nodes: the bundled command
 * (packages/cli/dist/propolis.mjs, built by `npm test`), a YAML configuration file, a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { freePort } from './free-port.js';

export const PROPOLIS_MAIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../cli/dist/propolis.mjs',
);
export const haveBundle = () => existsSync(PROPOLIS_MAIN);

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL, no chance to finish anything. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnServer(options: {
  dataDir: string;
  databaseUrl?: string;
  adminPassword: string;
  config: Record<string, unknown>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const configFile = path.join(options.dataDir, `propolis-${port}.yml`);
  await writeFile(configFile, stringify(options.config));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROPOLIS_CONFIG: configFile,
    PROPOLIS_DATA_DIR: options.dataDir,
    PROPOLIS_PORT: String(port),
    PROPOLIS_LOG_LEVEL: 'warn',
    PROPOLIS_ADMIN_PASSWORD: options.adminPassword,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child = spawn(process.execPath, [PROPOLIS_MAIN, 'serve'], { env });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // bounded by time, not by a count of tries: a start takes a second or two, far more on a loaded machine
  const until = Date.now() + 60_000;
  let up = false;
  while (!up && child.exitCode === null && Date.now() < until) {
    up = (await fetch(`${url}/api/health`).catch(() => undefined))?.status === 200;
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`propolis did not start:\n${out}`);
  }
  return {
    url,
    child,
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** JSON over HTTP with Basic credentials and an organisation. */
export function caller(url: string, login: string, password: string, organisation?: string) {
  return async (method: string, route: string, body?: unknown) => {
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`,
      ...(organisation ? { 'x-organisation': organisation } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const res = await fetch(`${url}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text };
  };
}
