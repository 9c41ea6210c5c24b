/**
 * Content-addressed blobs: one row per distinct content, keyed by SHA-256. Blobs are platform-wide
 * and never returned to a caller directly; an organisation reaches one only through its attachments.
 */
import type { Kysely, Selectable } from 'kysely';
import type { BlobTable, Database } from '../schema.js';

type Db = Kysely<Database>;
export type BlobMeta = Omit<Selectable<BlobTable>, 'data'>;

/** Inserts the blob row once; a second insert of the same content does nothing. */
export async function insertBlob(db: Db, row: BlobMeta & { data: Uint8Array | null }): Promise<void> {
  await db
    .insertInto('blob')
    .values(row)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function findBlob(db: Db, sha256: string): Promise<BlobMeta | undefined> {
  return db
    .selectFrom('blob')
    .select(['sha256', 'sha1', 'md5', 'size', 'created_at'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/** The bytes kept in the database (PostgreSQL mode), or null when they live on disk. */
export async function blobData(db: Db, sha256: string): Promise<Uint8Array | null | undefined> {
  const row = await db.selectFrom('blob').select('data').where('sha256', '=', sha256).executeTakeFirst();
  return row === undefined ? undefined : row.data;
}
