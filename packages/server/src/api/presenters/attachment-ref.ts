/**
 * An attachment as TheHive renders it inside logs and observables: hashes longest first and
 * `id` = the SHA-256 that /api/datastore/{id} serves.
 */

import { type AttachmentOutput, formatId } from '@propolis/core';
import type { AttachmentRow } from '../../db/repositories/task-logs.js';

export const attachmentRef = (a: AttachmentRow): AttachmentOutput => ({
  _id: formatId(a.id),
  _type: 'Attachment',
  name: a.name,
  hashes: [a.blob_sha256, a.sha1, a.md5],
  size: a.size,
  contentType: a.content_type,
  id: a.blob_sha256,
});
