/**
 * Dashboards (migration 0019): an organisation's, each private to its owner or shared with the
 * organisation. Reads are scoped by organisation and by who may see a private one.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import type { DashboardTable } from '../sharing-schema.js';

type Db = Kysely<Database>;
export type DashboardRow = Selectable<DashboardTable>;

/** The organisation's shared dashboards and the user's own. */
const visible = (db: Db, scope: Scope, login: string) =>
  db
    .selectFrom('dashboard')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where((e) => e.or([e('status', '=', 'Shared'), e('owner', '=', login)]));

export async function findDashboard(
  db: Db,
  scope: Scope,
  login: string,
  id: number,
): Promise<DashboardRow | undefined> {
  return visible(db, scope, login).where('id', '=', id).executeTakeFirst();
}

export async function listDashboards(db: Db, scope: Scope, login: string): Promise<DashboardRow[]> {
  return visible(db, scope, login).orderBy(sql`lower(title)`).orderBy('id').execute();
}

export async function insertDashboard(db: Db, row: Insertable<DashboardTable>): Promise<DashboardRow> {
  return db.insertInto('dashboard').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateDashboard(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<DashboardTable>,
): Promise<void> {
  await db
    .updateTable('dashboard')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteDashboard(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('dashboard')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}
