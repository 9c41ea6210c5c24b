/**
 * The blob store: content-addressed, written once, on disk with SQLite and in the database with
 * PostgreSQL; file names and Content-Disposition made safe.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/server.js';
import { blobStore, hashBytes } from './blob-store.js';
import { contentDisposition, sanitizeContentType, sanitizeFilename } from './filenames.js';

describe('blob store', () => {
  const server = useTestServer();

  it('stores a content once under its SHA-256, with sha1, md5 and size', async () => {
    const { db, config } = server.propolis.deps;
    const store = blobStore(config);
    const bytes = Buffer.from('content-addressed bytes');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await db.transaction().execute((trx) => store.put(trx, bytes));
    const second = await db.transaction().execute((trx) => store.put(trx, bytes));
    expect(first).toEqual(second);
    expect(first).toEqual(hashBytes(bytes));
    expect(first).toMatchObject({
      sha256,
      size: bytes.length,
      sha1: createHash('sha1').update(bytes).digest('hex'),
    });
    const rows = await db
      .selectFrom('blob')
      .select(['sha256', 'size', 'data'])
      .where('sha256', '=', sha256)
      .execute();
    expect(rows).toHaveLength(1);
    expect((await store.get(db, sha256))?.equals(bytes)).toBe(true);
    expect(await store.get(db, '0'.repeat(64))).toBeUndefined();
    expect(await store.get(db, '../etc/passwd')).toBeUndefined();
    if (server.dialect === 'sqlite') {
      expect(store.mode).toBe('disk');
      expect(rows[0]!.data).toBeNull();
      const file = path.join(config.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
      expect((await readFile(file)).equals(bytes)).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readdir(path.join(config.dataDir, 'blobs', 'tmp'))).toEqual([]);
    } else {
      expect(store.mode).toBe('database');
      expect(Buffer.from(rows[0]!.data!).equals(bytes)).toBe(true);
    }
  });

  it('sanitises file names and content types, and writes RFC 5987 Content-Disposition', () => {
    expect(sanitizeFilename('C:\\Users\\eve\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('/tmp/../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..')).toBe('attachment');
    expect(sanitizeFilename('a\u0000b\nc\u007f.txt')).toBe('abc.txt');
    expect(sanitizeFilename('x'.repeat(300))).toHaveLength(255);
    expect(sanitizeFilename('')).toBe('attachment');
    expect(sanitizeContentType('text/html; charset=utf-8')).toBe('text/html');
    expect(sanitizeContentType('not a type')).toBe('application/octet-stream');
    expect(contentDisposition('naïve "quote".txt')).toBe(
      `attachment; filename="na_ve _quote_.txt"; filename*=UTF-8''na%C3%AFve%20_quote_.txt`,
    );
  });
});
