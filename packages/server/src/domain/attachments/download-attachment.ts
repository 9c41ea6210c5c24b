/**
 * Downloading a file the organisation holds: by blob hash (v0 /api/datastore/{sha256}), by
 * attachment (v1 /api/v1/attachment/{id}/download), or as an observable's attachment. A blob is
 * served only when the caller's organisation has an attachment referencing it; otherwise 404, as
 * if it did not exist. Zipped downloads are ZipCrypto zips with the configured password.
 */
import { notFound, parseId } from '@propolis/core';
import { blobStore, isSha256 } from '../../blobs/blob-store.js';
import { sanitizeFilename } from '../../blobs/filenames.js';
import { zipOne } from '../../blobs/zip.js';
import { type AttachmentView, attachmentOfBlob, findAttachment } from '../../db/repositories/attachments.js';
import { type RequestContext, readScopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { visibleObservable } from '../observables/guards.js';

export interface Download {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export async function serveAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  att: AttachmentView,
  options: { name?: string; zip?: boolean },
): Promise<Download> {
  const bytes = await blobStore(deps.config).get(deps.db, att.blob_sha256);
  if (!bytes) throw notFound(`The content of attachment ${att.blob_sha256} is missing from the store`);
  const name = sanitizeFilename(options.name || att.name, att.blob_sha256);
  if (!options.zip) return { filename: name, contentType: att.content_type, bytes };
  return {
    filename: `${name}.zip`,
    contentType: 'application/zip',
    bytes: await zipOne(name, bytes, deps.config.downloadZipPassword),
  };
}

/** v0 /api/datastore/{hash} and /api/datastorezip/{hash}. */
export async function downloadBlob(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  hash: string,
  options: { name?: string; zip?: boolean } = {},
): Promise<Download> {
  const sha256 = hash.toLowerCase();
  const att = isSha256(sha256) ? await attachmentOfBlob(deps.db, readScopeOf(ctx), sha256) : undefined;
  if (!att) throw notFound(`Attachment ${hash} not found`);
  return serveAttachment(deps, att, options);
}

async function attachmentByIdOrHash(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  id: string,
): Promise<AttachmentView | undefined> {
  const key = parseId(id);
  if (key !== undefined) return findAttachment(deps.db, readScopeOf(ctx), key);
  return isSha256(id.toLowerCase())
    ? attachmentOfBlob(deps.db, readScopeOf(ctx), id.toLowerCase())
    : undefined;
}

/** v1 /api/v1/attachment/{id}/download: `id` is the attachment's `_id` ("~n") or its `id` (SHA-256). */
export async function downloadAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  id: string,
  options: { name?: string; zip?: boolean } = {},
): Promise<Download> {
  const att = await attachmentByIdOrHash(deps, ctx, id);
  if (!att) throw notFound(`Attachment ${id} not found`);
  return serveAttachment(deps, att, options);
}

/** v1 /api/v1/observable/{id}/attachment/{attachmentId}/download. */
export async function downloadObservableAttachment(
  deps: Pick<Deps, 'db' | 'config'>,
  ctx: RequestContext,
  observableId: string,
  attachmentId: string,
  options: { zip?: boolean } = {},
): Promise<Download> {
  const observable = await visibleObservable(deps.db, ctx, observableId, 'read');
  const att =
    observable.attachment_id !== null
      ? await findAttachment(deps.db, readScopeOf(ctx), observable.attachment_id)
      : undefined;
  const matches = att && (parseId(attachmentId) === att.id || attachmentId.toLowerCase() === att.blob_sha256);
  if (!att || !matches) throw notFound(`Attachment ${attachmentId} of observable ${observableId} not found`);
  return serveAttachment(deps, att, options);
}
