/**
 * Storing an uploaded file as an attachment of the acting organisation: the blob once (by SHA-256),
 * then the organisation's named attachment row, inside the caller's transaction. Call
 * `stageAttachmentFiles` before the transaction so that disk writes do not hold it open.
 */
import type { Kysely } from 'kysely';
import { blobStore } from '../../blobs/blob-store.js';
import { sanitizeContentType, sanitizeFilename } from '../../blobs/filenames.js';
import type { Config } from '../../config.js';
import { type AttachmentView, insertAttachment } from '../../db/repositories/attachments.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';

export interface AttachmentFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Writes the files' bytes to the blob store (disk mode) ahead of the transaction. */
export async function stageAttachmentFiles(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  files: AttachmentFile[],
): Promise<void> {
  const store = blobStore(config);
  for (const f of files) await store.stage(f.bytes);
}

/** Records the blob and a new attachment row; returns the row with the blob's hashes. */
export async function storeAttachment(
  trx: Kysely<Database>,
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  scope: Scope,
  file: AttachmentFile,
  actorLogin: string,
): Promise<AttachmentView> {
  const hashes = await blobStore(config).put(trx, file.bytes);
  const row = await insertAttachment(trx, {
    organisation_id: scope.organisationId,
    blob_sha256: hashes.sha256,
    name: sanitizeFilename(file.filename),
    content_type: sanitizeContentType(file.contentType),
    size: hashes.size,
    created_at: Date.now(),
    created_by: actorLogin,
  });
  return { ...row, sha1: hashes.sha1, md5: hashes.md5 };
}
