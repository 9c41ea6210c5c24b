/**
 * `propolis doctor`: checks what a start needs, without changing anything: the configuration, the
 * database (reachable, its migrations applied), the data directory's permissions, the versions of
 * Node and of the database, and the tools `propolis backup` uses. Exit code 1 when a check fails.
 */
import { execFile } from 'node:child_process';
import { constants, existsSync, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '@propolis/server/operator';
import { VERSION } from '@propolis/server/version';
import type { Command } from 'commander';
import { describeStorage, serverConfig, withConfigOption } from '../support/config.js';
import { CommandError, messageOf } from '../support/errors.js';
import { kysely, operator } from '../support/lazy.js';
import { report } from '../support/output.js';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  detail: string;
}

const MIN_NODE = [20, 19];

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0]! || (major === MIN_NODE[0] && minor >= MIN_NODE[1]!);
  return {
    name: 'node',
    status: ok ? 'ok' : 'fail',
    detail: `Node ${process.versions.node}${ok ? '' : ` (needs ${MIN_NODE.join('.')} or later)`}`,
  };
}

async function dataDirChecks(config: Config): Promise<Check[]> {
  const dir = path.resolve(config.dataDir);
  if (!existsSync(dir))
    return [
      {
        name: 'data directory',
        status: config.databaseUrl ? 'warn' : 'fail',
        detail: `${dir} does not exist (propolis migrate or serve creates it)`,
      },
    ];
  const checks: Check[] = [];
  try {
    await access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    const mode = statSync(dir).mode & 0o777;
    checks.push({
      name: 'data directory',
      status: mode & 0o007 ? 'warn' : 'ok',
      detail: `${dir} writable, mode ${mode.toString(8)}${mode & 0o007 ? ' (readable by every local user: chmod o-rwx)' : ''}`,
    });
  } catch {
    checks.push({
      name: 'data directory',
      status: 'fail',
      detail: `${dir} is not readable and writable by this user`,
    });
  }
  const blobs = path.join(dir, 'blobs');
  if (existsSync(blobs)) {
    const writable = await access(blobs, constants.W_OK).then(
      () => true,
      () => false,
    );
    checks.push({
      name: 'attachments',
      status: writable ? 'ok' : 'fail',
      detail: `${blobs} ${writable ? 'writable' : 'is not writable by this user'}`,
    });
  }
  return checks;
}

async function databaseChecks(config: Config): Promise<Check[]> {
  if (!config.databaseUrl && !existsSync(path.join(config.dataDir, 'propolis.db')))
    return [
      {
        name: 'database',
        status: 'fail',
        detail: `no database in ${path.resolve(config.dataDir)}: run \`propolis migrate\` (or start the server)`,
      },
    ];
  const { openStorage, migrationStatus } = await operator();
  const { sql } = await kysely();
  const storage = openStorage(config);
  try {
    const version =
      storage.dialect === 'postgres'
        ? (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(storage.db))
            .rows[0]?.v
        : (await sql<{ v: string }>`SELECT sqlite_version() AS v`.execute(storage.db)).rows[0]?.v;
    const checks: Check[] = [
      {
        name: 'database',
        status: 'ok',
        detail: `${describeStorage(config)} reachable (${storage.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'} ${version})`,
      },
    ];
    const { applied, pending } = await migrationStatus(storage);
    checks.push({
      name: 'migrations',
      status: pending.length ? 'fail' : 'ok',
      detail: pending.length
        ? `${pending.length} pending (${pending.join(', ')}): run \`propolis migrate\``
        : `${applied.length} applied, none pending`,
    });
    return checks;
  } catch (error) {
    return [{ name: 'database', status: 'fail', detail: `${describeStorage(config)}: ${messageOf(error)}` }];
  } finally {
    await storage.close().catch(() => {});
  }
}

async function toolCheck(config: Config): Promise<Check | undefined> {
  if (!config.databaseUrl) return undefined;
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--version']);
    return { name: 'pg_dump', status: 'ok', detail: stdout.trim() };
  } catch {
    return {
      name: 'pg_dump',
      status: 'warn',
      detail: 'not found on PATH: `propolis backup` of PostgreSQL needs the PostgreSQL client tools',
    };
  }
}

export function registerDoctor(program: Command): void {
  withConfigOption(
    program
      .command('doctor')
      .description('check the configuration, database, migrations, data directory permissions and versions'),
  )
    .option('--json', 'print the checks as JSON')
    .action(async (options: { config?: string; json?: boolean }) => {
      const checks: Check[] = [
        { name: 'propolis', status: 'ok', detail: `Propolis ${VERSION}` },
        nodeCheck(),
      ];
      let config: Config | undefined;
      try {
        config = await serverConfig(options);
        checks.push({
          name: 'configuration',
          status: 'ok',
          detail: `loaded; storage: ${describeStorage(config)}`,
        });
      } catch (error) {
        checks.push({ name: 'configuration', status: 'fail', detail: messageOf(error) });
      }
      if (config) {
        checks.push(...(await dataDirChecks(config)));
        checks.push(...(await databaseChecks(config)));
        const tool = await toolCheck(config);
        if (tool) checks.push(tool);
      }
      const failed = checks.filter((c) => c.status === 'fail').length;
      report(options, { ok: failed === 0, checks }, () =>
        checks.map((c) => `${c.status.toUpperCase().padEnd(4)} ${c.name}: ${c.detail}`).join('\n'),
      );
      if (failed) throw new CommandError(`${failed} check(s) failed`);
    });
}
