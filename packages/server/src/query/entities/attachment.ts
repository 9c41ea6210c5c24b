/**
 * Attachments as a query entity (TheHive 5 `getCase` → `attachments`, `getLog` → `attachments`),
 * reached through the steps of api/query/attachment-steps.ts. Rows are scoped by
 * db/visibility.ts `attachmentVisible` (shared files included).
 */
import { column } from '../fields-common.js';
import type { EntityDef } from '../types.js';

export const attachmentEntity: EntityDef = {
  name: 'attachment',
  v0Types: ['attachment'],
  v1Type: 'Attachment',
  table: 'attachment',
  scope: 'organisation',
  defaultSort: [{ field: '_createdAt', direction: 'asc' }],
  fields: {
    _createdAt: column('created_at', 'date'),
    _createdBy: column('created_by', 'string'),
    name: column('name', 'string'),
    size: column('size', 'number'),
    contentType: column('content_type', 'string'),
    id: column('blob_sha256', 'string'),
  },
};
