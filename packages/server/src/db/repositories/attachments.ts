/**
 * Attachments: one organisation's named reference to a blob (observable files, task log files).
 * Every read is scoped by organisation; the blob's hashes come with the row.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AttachmentTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { attachmentVisible } from '../visibility.js';

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

/** Keeps the creation date an imported attachment had where it came from (case import). */
export async function setAttachmentCreatedAt(db: Db, id: number, createdAt: number): Promise<void> {
  await db.updateTable('attachment').set({ created_at: createdAt }).where('id', '=', id).execute();
}

export async function findAttachment(db: Db, scope: Scope, id: number): Promise<AttachmentView | undefined> {
  return withHashes(db).where(attachmentVisible(scope)).where('attachment.id', '=', id).executeTakeFirst();
}

export async function attachmentsByIds(
  db: Db,
  scope: Scope,
  ids: number[],
): Promise<Map<number, AttachmentView>> {
  const out = new Map<number, AttachmentView>();
  if (ids.length === 0) return out;
  const rows = await withHashes(db)
    .where(attachmentVisible(scope))
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
    .where(attachmentVisible(scope))
    .where('attachment.blob_sha256', '=', sha256)
    .orderBy('attachment.id')
    .limit(1)
    .executeTakeFirst();
}

// ---- attachments of cases and organisations (migration 0019) -----------------------------------

export type AttachmentOwner =
  | { kind: 'case'; id: number }
  | { kind: 'organisation'; id: number }
  | { kind: 'log'; id: number };

const LINKS = {
  case: { table: 'case_attachment', column: 'case_id' },
  organisation: { table: 'organisation_attachment', column: 'organisation_id' },
  log: { table: 'log_attachment', column: 'log_id' },
} as const;

export async function linkAttachments(
  db: Db,
  owner: AttachmentOwner,
  attachmentIds: number[],
): Promise<void> {
  if (attachmentIds.length === 0) return;
  const { table, column } = LINKS[owner.kind];
  await db
    .insertInto(table)
    .values(attachmentIds.map((a) => ({ [column]: owner.id, attachment_id: a }) as never))
    .execute();
}

/** The attachments of a case, organisation or log that the scope sees, oldest first. */
export async function attachmentsOf(db: Db, scope: Scope, owner: AttachmentOwner): Promise<AttachmentView[]> {
  const { table, column } = LINKS[owner.kind];
  return withHashes(db)
    .innerJoin(`${table} as link` as 'case_attachment', 'link.attachment_id' as never, 'attachment.id')
    .where(`link.${column}` as never, '=', owner.id as never)
    .where(attachmentVisible(scope))
    .orderBy('attachment.id')
    .execute() as Promise<AttachmentView[]>;
}

/** Unlinks an attachment from its owner and deletes the attachment row (the blob stays). */
export async function deleteOwnedAttachment(
  db: Db,
  scope: Scope,
  owner: AttachmentOwner,
  attachmentId: number,
): Promise<boolean> {
  const { table, column } = LINKS[owner.kind];
  const res = await db
    .deleteFrom(table)
    .where(column as never, '=', owner.id as never)
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await db
    .deleteFrom('attachment')
    .where('id', '=', attachmentId)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
  return true;
}
