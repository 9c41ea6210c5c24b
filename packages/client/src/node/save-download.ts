/**
 * Writes a download to a file as it arrives; answers the number of bytes written.
 */
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Download } from '../download.js';

export async function saveDownload(
  download: Download,
  file: string,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(download.stream as unknown as NodeReadableStream<Uint8Array>),
    count,
    createWriteStream(file),
    { signal: options.signal },
  );
  return bytes;
}
