/**
 * `propolis backup <folder>`: a consistent copy of the configured database, taken while the server
 * runs. SQLite: SQLite's online backup API (better-sqlite3's `backup`), in one step so that the copy
 * is one snapshot (WAL readers do not block the server's writers), then the attachment files of the
 * data folder (content-addressed: a file written after the snapshot is only an unused extra).
 * PostgreSQL: pg_dump in its custom format (attachments are in the database there). The folder gets
 * a manifest.json that `propolis restore` checks.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VERSION } from '@propolis/server/version';
import type { Command } from 'commander';
import { type BackupManifest, writeManifest } from '../support/backup-manifest.js';
import { describeStorage, serverConfig, withConfigOption } from '../support/config.js';
import { CommandError, UsageError } from '../support/errors.js';
import { pg as pgModule, sqlite } from '../support/lazy.js';
import { report } from '../support/output.js';
import { runPgTool } from '../support/pg-tools.js';
import { startProgress } from '../support/progress.js';
import { pgCounts, sqliteCounts } from '../support/tables.js';

export const SQLITE_FILE = 'propolis.db';
export const PG_FILE = 'propolis.pgdump';

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), size: (await stat(file)).size };
}

async function emptyFolder(dir: string): Promise<void> {
  if (existsSync(dir) && (await readdir(dir)).length > 0)
    throw new UsageError(`${dir} is not empty: back up into a new or empty folder`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Files of the data folder besides the database: attachments (blobs/) and notifier files. */
async function copyDataFiles(dataDir: string, target: string, options: { json?: boolean }): Promise<number> {
  let copied = 0;
  const entries = (await readdir(dataDir)).filter((n) => !n.startsWith(SQLITE_FILE));
  const progress = startProgress('files', 0, options);
  for (const entry of entries) {
    await cp(path.join(dataDir, entry), path.join(target, entry), {
      recursive: true,
      // blobs/tmp holds files being written: never part of a backup
      filter: (source) => {
        if (source === path.join(dataDir, 'blobs', 'tmp')) return false;
        copied++;
        progress.tick();
        return true;
      },
    });
  }
  progress.stop();
  return copied;
}

async function backupSqlite(dataDir: string, target: string, options: { json?: boolean }) {
  const file = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(file)) throw new CommandError(`no database at ${file}`);
  const SqliteDatabase = await sqlite();
  const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  const out = path.join(target, SQLITE_FILE);
  try {
    // One step (every page at once): the copy is a single read transaction, a snapshot that the
    // server's writes during the copy do not restart.
    await source.backup(out, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SqliteDatabase(out);
  let counts: Record<string, number>;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CommandError(`the copied database fails its check: ${String(check)}`);
    copy.pragma('journal_mode = DELETE');
    counts = sqliteCounts(copy);
  } finally {
    copy.close();
  }
  const files = await copyDataFiles(dataDir, target, options);
  return { database: { file: SQLITE_FILE, ...(await sha256File(out)) }, files, counts };
}

async function backupPostgres(databaseUrl: string, target: string) {
  const out = path.join(target, PG_FILE);
  const pg = await pgModule();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for the counts and the dump: pg_dump joins this transaction's snapshot, so the
    // manifest describes exactly what the archive holds while the server goes on writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const counts = await pgCounts(client);
    await runPgTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${out}`],
      databaseUrl,
    );
    await client.query('COMMIT');
    return { database: { file: PG_FILE, ...(await sha256File(out)) }, files: 0, counts };
  } finally {
    await client.end();
  }
}

export function registerBackup(program: Command): void {
  withConfigOption(
    program
      .command('backup')
      .description(
        'back up the configured database and attachments into a new folder, while the server runs (SQLite online backup, or pg_dump)',
      )
      .argument('<folder>', 'new or empty folder to write the backup into'),
  )
    .option('--json', 'print the manifest as JSON')
    .action(async (folder: string, options: { config?: string; json?: boolean }) => {
      const config = await serverConfig(options);
      const target = path.resolve(folder);
      await emptyFolder(target);
      const started = Date.now();
      const taken = config.databaseUrl
        ? await backupPostgres(config.databaseUrl, target)
        : await backupSqlite(config.dataDir, target, options);
      const manifest: BackupManifest = {
        format: 'propolis-backup',
        formatVersion: 1,
        propolisVersion: VERSION,
        storage: config.databaseUrl ? 'postgres' : 'sqlite',
        createdAt: new Date(started).toISOString(),
        ...taken,
      };
      await writeManifest(target, manifest);
      report(
        options,
        { folder: target, ...manifest },
        `Backed up ${describeStorage(config)} into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
          `${manifest.counts.case ?? 0} cases, ${manifest.counts.alert ?? 0} alerts, ${manifest.counts.blob ?? 0} attachments`,
      );
    });
}
