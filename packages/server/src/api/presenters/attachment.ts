/**
 * An attachment as an object of its own (TheHive 5 OutputAttachment): hashes longest first, `id`
 * the SHA-256 (what /api/datastore/{id} serves), `path` where to download it.
 */
import { type AttachmentOutputV1, formatId } from '@propolis/core';
import type { AttachmentView } from '../../db/repositories/attachments.js';

export const attachmentV1 = (a: AttachmentView): AttachmentOutputV1 => ({
  _id: formatId(a.id),
  _type: 'Attachment',
  _createdBy: a.created_by,
  _createdAt: a.created_at,
  name: a.name,
  hashes: [a.blob_sha256, a.sha1, a.md5],
  size: a.size,
  contentType: a.content_type,
  id: a.blob_sha256,
  path: `/api/v1/attachment/${formatId(a.id)}/download`,
  extraData: {},
});
