/**
 * The manifest.json of a backup folder: what `propolis restore` checks before it restores.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError } from './errors.js';

export interface BackupManifest {
  format: 'propolis-backup';
  formatVersion: 1;
  propolisVersion: string;
  storage: 'sqlite' | 'postgres';
  createdAt: string;
  /** SQLite: the database file; PostgreSQL: the pg_dump archive (custom format). */
  database: { file: string; sha256: string; size: number };
  /** SQLite: attachment files copied (content-addressed, under blobs/). */
  files: number;
  /** Rows per table at the moment of the backup. */
  counts: Record<string, number>;
}

export const MANIFEST = 'manifest.json';

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let parsed: BackupManifest;
  try {
    parsed = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new CommandError(
      `${dir} is not a Propolis backup (no readable ${MANIFEST}): ${(error as Error).message}`,
    );
  }
  if (parsed.format !== 'propolis-backup' || parsed.formatVersion !== 1)
    throw new CommandError(`${dir}: unknown backup format ${parsed.format} ${parsed.formatVersion}`);
  return parsed;
}
