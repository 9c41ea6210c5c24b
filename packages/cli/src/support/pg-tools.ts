/**
 * Running the PostgreSQL client tools (pg_dump, pg_restore) for backups. The connection travels in
 * PG* environment variables, not on the command line, so that the password never shows in `ps`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CommandError } from './errors.js';

/** The tool on PATH, else in the newest /usr/lib/postgresql/<major>/bin (Debian's layout). */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const candidate = path.join(root, major, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function pgEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname);
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export function runPgTool(
  name: 'pg_dump' | 'pg_restore',
  args: string[],
  databaseUrl: string,
): Promise<void> {
  const tool = findPgTool(name);
  if (!tool)
    throw new CommandError(
      `${name} is not installed: install the PostgreSQL client tools of your server's major version (Debian: apt-get install postgresql-client) and run the command again`,
    );
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { env: pgEnv(databaseUrl), maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new CommandError(`${name} failed: ${stderr.trim() || error.message}`));
        else resolve();
      },
    );
  });
}
