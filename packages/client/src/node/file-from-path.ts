/**
 * A file on disk as an upload: a Blob backed by the file (fs.openAsBlob), named after it.
 */
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import type { FileUpload } from '../upload.js';

export async function fileFromPath(
  file: string,
  options: { name?: string; contentType?: string } = {},
): Promise<FileUpload> {
  const blob = await openAsBlob(file, options.contentType ? { type: options.contentType } : undefined);
  return { name: options.name ?? path.basename(file), data: blob, contentType: options.contentType };
}
