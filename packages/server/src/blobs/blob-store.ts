/**
 * Content-addressed file storage. Every file is stored once, under its SHA-256; its SHA-1, MD5 and
 * size are recorded in the `blob` table. Where the bytes live depends on the storage:
 *
 * - SQLite (embedded): on disk, `<dataDir>/blobs/ab/cd/<sha256>`, written to a temporary file and
 *   renamed into place, so a reader never sees a partial file;
 * - PostgreSQL (scale-out): in `blob.data`, so that every API node sees every file.
 *
 * Writing is idempotent: the same content twice is one file and one row. Callers add an `attachment`
 * row (db/repositories/attachments.ts) to give an organisation a named reference to the blob.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { type BlobMeta, blobData, findBlob, insertBlob } from '../db/repositories/blobs.js';
import type { Database } from '../db/schema.js';

export interface BlobHashes {
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
export const isSha256 = (value: string): boolean => SHA256.test(value);

export function hashBytes(bytes: Uint8Array): BlobHashes {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha1: createHash('sha1').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    size: bytes.length,
  };
}

export class BlobStore {
  constructor(
    /** `disk` keeps bytes under `dir`; `database` keeps them in `blob.data`. */
    readonly mode: 'disk' | 'database',
    readonly dir: string,
  ) {}

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Writes the bytes to disk (disk mode) before a transaction, so that the transaction itself stays
   * short; `put` then only records the row. Idempotent.
   */
  async stage(bytes: Uint8Array): Promise<BlobHashes> {
    const hashes = hashBytes(bytes);
    if (this.mode === 'disk') await this.writeFile(hashes.sha256, bytes);
    return hashes;
  }

  /**
   * Stores the bytes (once) and records the blob row in the caller's transaction. On disk the file
   * is written before the row; a rolled-back transaction leaves at most an unreferenced file.
   */
  async put(
    trx: Kysely<Database>,
    bytes: Uint8Array,
    hashes: BlobHashes = hashBytes(bytes),
  ): Promise<BlobHashes> {
    const existing = await findBlob(trx, hashes.sha256);
    if (this.mode === 'disk') await this.writeFile(hashes.sha256, bytes);
    if (!existing) {
      await insertBlob(trx, {
        ...hashes,
        data: this.mode === 'database' ? bytes : null,
        created_at: Date.now(),
      });
    }
    return hashes;
  }

  /** The blob's bytes, or undefined when it is unknown. */
  async get(db: Kysely<Database>, sha256: string): Promise<Buffer | undefined> {
    if (!isSha256(sha256)) return undefined;
    const data = await blobData(db, sha256);
    if (data === undefined) return undefined;
    if (data !== null) return Buffer.from(data);
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async meta(db: Kysely<Database>, sha256: string): Promise<BlobMeta | undefined> {
    return isSha256(sha256) ? findBlob(db, sha256) : undefined;
  }

  private async writeFile(sha256: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(sha256);
    try {
      const s = await stat(target);
      if (s.size === bytes.length) return; // already stored: content-addressed, so it is the same
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const tmpDir = path.join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}

/** The blob store chosen by configuration: the database with PostgreSQL, the data folder with SQLite. */
export function blobStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): BlobStore {
  return new BlobStore(config.databaseUrl ? 'database' : 'disk', path.join(config.dataDir, 'blobs'));
}
