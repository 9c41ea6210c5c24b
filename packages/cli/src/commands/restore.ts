/**
 * `propolis restore <folder>`: puts a backup made by `propolis backup` back in place of the
 * configured database (stop the server first). The archive's checksum is verified before anything
 * is touched and the row counts after; an existing database is replaced only with --force (SQLite:
 * the old files are kept beside it, renamed).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { type BackupManifest, MANIFEST, readManifest } from '../support/backup-manifest.js';
import { describeStorage, serverConfig, withConfigOption } from '../support/config.js';
import { CommandError, UsageError } from '../support/errors.js';
import { pg as pgModule, sqlite } from '../support/lazy.js';
import { report } from '../support/output.js';
import { runPgTool } from '../support/pg-tools.js';
import { pgCounts, pgTables, sqliteCounts } from '../support/tables.js';
import { SQLITE_FILE, sha256File } from './backup.js';

function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  return Object.entries(expected)
    .filter(([table, n]) => actual[table] !== n)
    .map(([table, n]) => `${table}: ${actual[table] ?? 'missing'} rows instead of ${n}`);
}

async function restoreSqlite(source: string, dataDir: string, force: boolean) {
  const target = path.join(dataDir, SQLITE_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(target)) {
    if (!force)
      throw new UsageError(
        `${target} exists: stop the server and add --force to replace it (it is kept, renamed)`,
      );
    const aside = `.before-restore-${Date.now()}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(target + suffix)) await rename(target + suffix, `${target}${aside}${suffix}`);
  }
  for (const entry of await readdir(source)) {
    if (entry === MANIFEST) continue;
    await cp(path.join(source, entry), path.join(dataDir, entry), { recursive: true, force: true });
  }
  const SqliteDatabase = await sqlite();
  const db = new SqliteDatabase(target, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    return sqliteCounts(db);
  } finally {
    db.close();
  }
}

async function restorePostgres(
  manifest: BackupManifest,
  source: string,
  databaseUrl: string,
  force: boolean,
) {
  const pg = await pgModule();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await pgTables(client);
    if (tables.length > 0 && !force)
      throw new UsageError(
        'the target PostgreSQL database is not empty: stop the servers and add --force to replace its content',
      );
  } finally {
    await client.end();
  }
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  await runPgTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      `--dbname=${database}`,
      path.join(source, manifest.database.file),
    ],
    databaseUrl,
  );
  const after = new pg.Client({ connectionString: databaseUrl });
  await after.connect();
  try {
    return await pgCounts(after);
  } finally {
    await after.end();
  }
}

export function registerRestore(program: Command): void {
  withConfigOption(
    program
      .command('restore')
      .description(
        'restore a backup folder made by `propolis backup` into the configured storage (server stopped)',
      )
      .argument('<folder>', 'the backup folder')
      .option('--force', 'replace an existing database'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (folder: string, options: { config?: string; json?: boolean; force?: boolean }) => {
      const config = await serverConfig(options);
      const source = path.resolve(folder);
      const manifest = await readManifest(source);
      const storage = config.databaseUrl ? 'postgres' : 'sqlite';
      if (manifest.storage !== storage)
        throw new UsageError(
          `this is a ${manifest.storage} backup and the configuration uses ${storage}: restore it where it was taken, then use \`propolis db copy\``,
        );
      const archive = await sha256File(path.join(source, manifest.database.file));
      if (archive.sha256 !== manifest.database.sha256)
        throw new CommandError(
          `${manifest.database.file} does not match its checksum in ${MANIFEST}: the backup is damaged`,
        );
      const counts = config.databaseUrl
        ? await restorePostgres(manifest, source, config.databaseUrl, options.force === true)
        : await restoreSqlite(source, config.dataDir, options.force === true);
      const mismatches = compareCounts(manifest.counts, counts);
      if (mismatches.length)
        throw new CommandError(`restored, but the counts differ: ${mismatches.join('; ')}`);
      report(
        options,
        { restored: true, storage, from: source, counts },
        `Restored ${source} (taken ${manifest.createdAt}) into ${describeStorage(config)}; row counts verified`,
      );
    });
}
