import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { unzipEntries, zipOne } from './zip.js';

const run = promisify(execFile);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function makeZip(
  entries: Array<[string, Uint8Array | string]>,
  password?: string,
): Promise<Uint8Array> {
  const w = new ZipWriter(new BlobWriter('application/zip'), password ? { password, zipCrypto: true } : {});
  for (const [name, data] of entries) {
    await w.add(name, typeof data === 'string' ? new TextReader(data) : new Uint8ArrayReader(data));
  }
  return new Uint8Array(await (await w.close()).arrayBuffer());
}

describe('zip', () => {
  it('writes a ZipCrypto zip that Debian unzip opens with the password', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'propolis-zip-'));
    try {
      const bytes = randomBytes(200_000);
      await writeFile(path.join(dir, 'x.zip'), await zipOne('sample.bin', bytes, 'malware'));
      await run('/usr/bin/unzip', ['-P', 'malware', '-o', 'x.zip'], { cwd: dir });
      expect(sha256(await readFile(path.join(dir, 'sample.bin')))).toBe(sha256(bytes));
      await expect(
        run('/usr/bin/unzip', ['-P', 'wrong', '-o', 'x.zip', '-d', 'w'], { cwd: dir }),
      ).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads entries, with a password, and enforces the limits', async () => {
    const zip = await makeZip(
      [
        ['a.txt', 'hello'],
        ['dir/b.bin', new Uint8Array([1, 2, 3])],
      ],
      'infected',
    );
    const entries = await unzipEntries(zip, 'infected', { maxEntries: 10, maxTotalSize: 1000 });
    expect(entries.map((e) => [e.path, e.bytes.toString('hex')])).toEqual([
      ['a.txt', Buffer.from('hello').toString('hex')],
      ['dir/b.bin', '010203'],
    ]);
    await expect(unzipEntries(zip, 'nope', { maxEntries: 10, maxTotalSize: 1000 })).rejects.toMatchObject({
      type: 'BadRequest',
    });
    await expect(unzipEntries(zip, undefined, { maxEntries: 10, maxTotalSize: 1000 })).rejects.toMatchObject({
      type: 'BadRequest',
    });
    await expect(unzipEntries(zip, 'infected', { maxEntries: 1, maxTotalSize: 1000 })).rejects.toMatchObject({
      type: 'PayloadTooLarge',
    });
    const big = await makeZip([['zeros', new Uint8Array(100_000)]]);
    await expect(
      unzipEntries(big, undefined, { maxEntries: 10, maxTotalSize: 50_000 }),
    ).rejects.toMatchObject({ type: 'PayloadTooLarge' });
    await expect(
      unzipEntries(new Uint8Array([1, 2, 3]), undefined, { maxEntries: 10, maxTotalSize: 10 }),
    ).rejects.toMatchObject({
      type: 'BadRequest',
    });
  });
});
