/**
 * Attachments: one organisation's named reference to a blob (observable files, task log files).
 * Every read is scoped by organisation; the blob's hashes come with the row.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AttachmentTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;

export type AttachmentRow = Selectable<AttachmentTable>;
export interface AttachmentView extends AttachmentRow {
  sha1: string;
  md5: string;
}

const withHashes = (db: Db) =>
  db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blob_sha256')
    .selectAll('attachment')
    .select(['blob.sha1', 'blob.md5']);

export async function insertAttachment(db: Db, row: Insertable<AttachmentTable>): Promise<AttachmentRow> {
  return db.insertInto('attachment').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAttachment(db: Db, scope: Scope, id: number): Promise<AttachmentView | undefined> {
  return withHashes(db)
    .where('attachment.organisation_id', '=', scope.organisationId)
    .where('attachment.id', '=', id)
    .executeTakeFirst();
}

export async function attachmentsByIds(
  db: Db,
  scope: Scope,
  ids: number[],
): Promise<Map<number, AttachmentView>> {
  const out = new Map<number, AttachmentView>();
  if (ids.length === 0) return out;
  const rows = await withHashes(db)
    .where('attachment.organisation_id', '=', scope.organisationId)
    .where('attachment.id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, r);
  return out;
}

/** An attachment of the organisation that references the blob (index attachment_blob), if any. */
export async function attachmentOfBlob(
  db: Db,
  scope: Scope,
  sha256: string,
): Promise<AttachmentView | undefined> {
  return withHashes(db)
    .where('attachment.organisation_id', '=', scope.organisationId)
    .where('attachment.blob_sha256', '=', sha256)
    .orderBy('attachment.id')
    .limit(1)
    .executeTakeFirst();
}
