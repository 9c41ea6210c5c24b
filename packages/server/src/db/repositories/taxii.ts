/**
 * TAXII exchange rows: a remote collection's cursor and figures (platform-wide, like MISP servers:
 * the configuration names the organisation it imports into), and the status resources of the
 * envelopes POSTed to a writable collection (scoped by organisation).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import type { TaxiiRemoteTable } from '../taxii-schema.js';

type Db = Kysely<Database>;
export type TaxiiRemoteRow = Selectable<TaxiiRemoteTable>;

export async function ensureTaxiiRemotes(db: Db, names: readonly string[]): Promise<void> {
  for (const name of names)
    await db
      .insertInto('taxii_remote')
      .values({ name, cursor: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
}

export async function taxiiRemoteRows(db: Db): Promise<TaxiiRemoteRow[]> {
  return db.selectFrom('taxii_remote').selectAll().orderBy('name').execute();
}

export async function taxiiRemoteRow(db: Db, name: string): Promise<TaxiiRemoteRow | undefined> {
  return db.selectFrom('taxii_remote').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Records a page stored: the cursor moves to the page's last date added, while `owner` holds the lease. */
export async function recordTaxiiPage(
  db: Db,
  name: string,
  owner: string,
  page: { cursor: string | null; imported: number; objects: number; at: number },
): Promise<boolean> {
  const done = await db
    .updateTable('taxii_remote')
    .set((eb) => ({
      ...(page.cursor !== null ? { cursor: page.cursor } : {}),
      imported_count: eb('imported_count', '+', page.imported),
      objects_count: eb('objects_count', '+', page.objects),
      last_sync_at: page.at,
      last_error: null,
    }))
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export async function recordTaxiiError(db: Db, name: string, message: string, at: number): Promise<void> {
  await db
    .updateTable('taxii_remote')
    .set({ last_error: message.slice(0, 2000), last_error_at: at })
    .where('name', '=', name)
    .execute();
}

export async function insertTaxiiStatus(
  db: Db,
  scope: Scope,
  status: { id: string; collectionId: string; body: unknown; at: number },
): Promise<void> {
  await db
    .insertInto('taxii_status')
    .values({
      id: status.id,
      organisation_id: scope.organisationId,
      collection_id: status.collectionId,
      body: JSON.stringify(status.body),
      created_at: status.at,
    })
    .execute();
}

export async function findTaxiiStatus(db: Db, scope: Scope, id: string): Promise<unknown | undefined> {
  const row = await db
    .selectFrom('taxii_status')
    .select('body')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .executeTakeFirst();
  return row ? JSON.parse(row.body) : undefined;
}
