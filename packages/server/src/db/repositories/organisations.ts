/**
 * Organisations. A non-admin organisation sees only itself; the admin organisation sees all.
 */

import { parseId } from '@propolis/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, OrganisationTable } from '../schema.js';
import type { Scope } from '../scope.js';

export type OrganisationRow = Selectable<OrganisationTable>;
type Db = Kysely<Database>;

function visible(db: Db, scope: Scope) {
  const q = db.selectFrom('organisation').selectAll();
  return scope.platformAdmin ? q : q.where('id', '=', scope.organisationId);
}

export async function findOrganisation(
  db: Db,
  scope: Scope,
  idOrName: string,
): Promise<OrganisationRow | undefined> {
  const id = parseId(idOrName);
  const q = visible(db, scope);
  return (id !== undefined ? q.where('id', '=', id) : q.where('name', '=', idOrName)).executeTakeFirst();
}

export async function listOrganisations(db: Db, scope: Scope): Promise<OrganisationRow[]> {
  return visible(db, scope).orderBy('id').execute();
}

/** Name lookups that ignore scope, for checks of uniqueness and membership targets by platform admins. */
export async function organisationByName(db: Db, name: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertOrganisation(
  db: Db,
  values: { name: string; description: string; createdBy: string },
): Promise<OrganisationRow> {
  return db
    .insertInto('organisation')
    .values({
      name: values.name,
      description: values.description,
      created_at: Date.now(),
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateOrganisation(
  db: Db,
  scope: Scope,
  id: number,
  values: { name?: string; description?: string; updatedBy: string },
): Promise<void> {
  if (!scope.platformAdmin && id !== scope.organisationId) return;
  await db
    .updateTable('organisation')
    .set({
      name: values.name,
      description: values.description,
      updated_at: Date.now(),
      updated_by: values.updatedBy,
    })
    .where('id', '=', id)
    .execute();
}
