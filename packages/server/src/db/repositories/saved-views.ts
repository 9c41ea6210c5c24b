/**
 * Saved list views (migration 0026): an organisation's, each private to its owner or shared with the
 * organisation. Every read and write is scoped by organisation; reads also by who may see a private one.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { SavedViewTable } from '../preference-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;
export type SavedViewRow = Selectable<SavedViewTable>;

/** The organisation's shared views and the user's own. */
const visible = (db: Db, scope: Scope, login: string) =>
  db
    .selectFrom('saved_view')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where((e) => e.or([e('status', '=', 'Shared'), e('owner', '=', login)]));

export async function findSavedView(
  db: Db,
  scope: Scope,
  login: string,
  id: number,
): Promise<SavedViewRow | undefined> {
  return visible(db, scope, login).where('id', '=', id).executeTakeFirst();
}

export async function listSavedViews(
  db: Db,
  scope: Scope,
  login: string,
  entity?: string,
): Promise<SavedViewRow[]> {
  let q = visible(db, scope, login);
  if (entity !== undefined) q = q.where('entity', '=', entity);
  return q.orderBy(sql`lower(name)`).orderBy('id').execute();
}

export async function countOwnSavedViews(db: Db, scope: Scope, login: string): Promise<number> {
  const r = await db
    .selectFrom('saved_view')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', scope.organisationId)
    .where('owner', '=', login)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSavedView(db: Db, row: Insertable<SavedViewTable>): Promise<SavedViewRow> {
  return db.insertInto('saved_view').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateSavedView(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<SavedViewTable>,
): Promise<void> {
  await db
    .updateTable('saved_view')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteSavedView(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('saved_view')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}
