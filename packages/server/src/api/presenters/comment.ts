/**
 * Comments on the wire: TheHive 5's OutputComment (`createdBy`/`createdAt`, `isEdited`), with the
 * `_createdBy`/`_createdAt` meta of every other v1 output beside them.
 */
import { type CommentOutput, type ExtraData, formatId } from '@propolis/core';
import type { CommentRow } from '../../db/repositories/comments.js';
import { auditedRow, metaV1 } from './meta.js';

export function commentV1(row: CommentRow, extraData: ExtraData = {}): CommentOutput {
  const out: CommentOutput = {
    ...metaV1(formatId(row.id), 'Comment', auditedRow(row)),
    createdBy: row.created_by,
    createdAt: row.created_at,
    message: row.message,
    isEdited: row.is_edited === 1,
    extraData,
  };
  if (row.updated_by !== null) out.updatedBy = row.updated_by;
  if (row.updated_at !== null) out.updatedAt = row.updated_at;
  return out;
}
