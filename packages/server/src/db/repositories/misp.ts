/**
 * The MISP connector's rows: a server's cursor and figures (platform-wide, like feeders: a server
 * imports into the organisations its configuration names), and a case's exports (scoped by
 * organisation).
 */
import type { Kysely, Selectable } from 'kysely';
import type { MispExportTable, MispServerTable } from '../misp-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;
export type MispServerRow = Selectable<MispServerTable>;
export type MispExportRow = Selectable<MispExportTable>;

/** Adds a row for each configured server that has none (a server renamed starts from scratch). */
export async function ensureMispServers(db: Db, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const found = await db
      .selectFrom('misp_server')
      .select('name')
      .where('name', '=', name)
      .executeTakeFirst();
    if (found) continue;
    await db
      .insertInto('misp_server')
      .values({ name, cursor: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}

export async function mispServerRows(db: Db): Promise<MispServerRow[]> {
  return db.selectFrom('misp_server').selectAll().orderBy('name').execute();
}

export async function mispServerRow(db: Db, name: string): Promise<MispServerRow | undefined> {
  return db.selectFrom('misp_server').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Records a pull that stored its events: the cursor moves forward only, while `owner` holds the lease. */
export async function recordMispSync(
  db: Db,
  name: string,
  owner: string,
  result: { cursor: number | null; imported: number; updated: number; at: number },
): Promise<boolean> {
  const done = await db
    .updateTable('misp_server')
    .set((eb) => ({
      cursor: result.cursor,
      imported_count: eb('imported_count', '+', result.imported),
      updated_count: eb('updated_count', '+', result.updated),
      last_sync_at: result.at,
      last_error: null,
    }))
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export async function recordMispError(db: Db, name: string, message: string, at: number): Promise<void> {
  await db
    .updateTable('misp_server')
    .set({ last_error: message.slice(0, 2000), last_error_at: at })
    .where('name', '=', name)
    .execute();
}

export async function findMispExport(
  db: Db,
  scope: Scope,
  caseId: number,
  server: string,
): Promise<MispExportRow | undefined> {
  return db
    .selectFrom('misp_export')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', '=', caseId)
    .where('server', '=', server)
    .executeTakeFirst();
}

export async function saveMispExport(db: Db, row: MispExportRow): Promise<void> {
  await db
    .insertInto('misp_export')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['case_id', 'server']).doUpdateSet({
        event_id: row.event_id,
        event_uuid: row.event_uuid,
        exported_at: row.exported_at,
        exported_by: row.exported_by,
      }),
    )
    .execute();
}
