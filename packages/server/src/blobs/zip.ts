/**
 * Zips for downloads and uploads, with zip.js.
 *
 * Downloads: one entry, encrypted with ZipCrypto ("ZIP standard" encryption, what TheHive's
 * datastorezip serves) so that every unzip tool opens it with the password (default `malware`).
 * zip.js writes AES by default, which Debian's unzip cannot open, hence `zipCrypto: true`.
 *
 * Uploads (`isZip` observables): entries read into memory, bounded by a number of entries and a
 * total uncompressed size that is counted on the bytes actually produced, not on the sizes the
 * archive claims.
 */
import { badRequest, PropolisError } from '@propolis/core';

let library: Promise<typeof import('@zip.js/zip.js')> | undefined;

/** zip.js, loaded on first use (not at every start of the server), without web workers. */
export function zipLibrary(): Promise<typeof import('@zip.js/zip.js')> {
  library ??= import('@zip.js/zip.js').then((zip) => {
    zip.configure({ useWebWorkers: false });
    return zip;
  });
  return library;
}

/** A zip holding one file, encrypted with ZipCrypto and the password. */
export async function zipOne(name: string, bytes: Uint8Array, password: string): Promise<Buffer> {
  const { BlobWriter, Uint8ArrayReader, ZipWriter } = await zipLibrary();
  const writer = new ZipWriter(new BlobWriter('application/zip'), { password, zipCrypto: true, level: 1 });
  await writer.add(name, new Uint8ArrayReader(bytes));
  const blob = await writer.close();
  return Buffer.from(await blob.arrayBuffer());
}

export interface ZipEntryData {
  /** The entry's path inside the archive. */
  path: string;
  bytes: Buffer;
}

export interface UnzipLimits {
  maxEntries: number;
  maxTotalSize: number;
}

class LimitExceeded extends Error {}

/** Reads every file entry of a zip (directories skipped), with the password when it is encrypted. */
export async function unzipEntries(
  bytes: Uint8Array,
  password: string | undefined,
  limits: UnzipLimits,
): Promise<ZipEntryData[]> {
  const { Uint8ArrayReader, ZipReader } = await zipLibrary();
  const reader = new ZipReader(new Uint8ArrayReader(bytes), { useWebWorkers: false });
  try {
    let entries: Awaited<ReturnType<typeof reader.getEntries>>;
    try {
      entries = await reader.getEntries();
    } catch (error) {
      throw badRequest(`The attachment is not a readable zip: ${(error as Error).message}`);
    }
    const files = entries.filter((e) => !e.directory);
    if (files.length > limits.maxEntries) {
      throw new PropolisError(
        'PayloadTooLarge',
        `The zip has ${files.length} files; at most ${limits.maxEntries} are unpacked`,
      );
    }
    let total = 0;
    const out: ZipEntryData[] = [];
    for (const entry of files) {
      if (entry.directory) continue;
      if (entry.encrypted && !password)
        throw badRequest(`zipPassword: the zip is encrypted, give its password`);
      const chunks: Uint8Array[] = [];
      const sink = new WritableStream<Uint8Array>({
        write(chunk) {
          total += chunk.length;
          if (total > limits.maxTotalSize) throw new LimitExceeded();
          chunks.push(chunk);
        },
      });
      try {
        await entry.getData(sink, { password: entry.encrypted ? password : undefined, checkCrc32: true });
      } catch (error) {
        if (error instanceof LimitExceeded || total > limits.maxTotalSize) {
          throw new PropolisError(
            'PayloadTooLarge',
            `The zip unpacks to more than ${limits.maxTotalSize} bytes`,
          );
        }
        const message = (error as Error).message ?? String(error);
        if (/password/i.test(message)) throw badRequest('zipPassword: wrong password for the zip');
        // ZipCrypto checks a password with one byte only: 1 wrong password in 256 gets past it and
        // then fails the CRC check instead.
        if (entry.encrypted && /crc/i.test(message)) {
          throw badRequest(`zipPassword: wrong password for the zip (or entry ${entry.filename} is corrupt)`);
        }
        throw badRequest(`The zip entry ${entry.filename} cannot be read: ${message}`);
      }
      out.push({ path: entry.filename, bytes: Buffer.concat(chunks) });
    }
    return out;
  } finally {
    await reader.close().catch(() => undefined);
  }
}
