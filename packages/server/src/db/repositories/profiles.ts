/**
 * Profiles are platform-wide (as in TheHive): every organisation uses the same set.
 */

import { parseId } from '@propolis/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ProfileTable } from '../schema.js';

export type ProfileRow = Selectable<ProfileTable>;
type Db = Kysely<Database>;

export const profilePermissions = (row: Pick<ProfileRow, 'permissions'>): string[] =>
  JSON.parse(row.permissions);

export async function findProfile(db: Db, idOrName: string): Promise<ProfileRow | undefined> {
  const id = parseId(idOrName);
  const q = db.selectFrom('profile').selectAll();
  return (id !== undefined ? q.where('id', '=', id) : q.where('name', '=', idOrName)).executeTakeFirst();
}

export async function listProfiles(db: Db): Promise<ProfileRow[]> {
  return db.selectFrom('profile').selectAll().orderBy('id').execute();
}

export async function insertProfile(
  db: Db,
  values: { name: string; permissions: string[]; builtin: boolean; createdBy: string },
): Promise<ProfileRow> {
  return db
    .insertInto('profile')
    .values({
      name: values.name,
      permissions: JSON.stringify(values.permissions),
      builtin: values.builtin ? 1 : 0,
      created_at: Date.now(),
      created_by: values.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateProfile(
  db: Db,
  id: number,
  values: { name?: string; permissions?: string[]; updatedBy: string },
): Promise<void> {
  await db
    .updateTable('profile')
    .set({
      name: values.name,
      permissions: values.permissions === undefined ? undefined : JSON.stringify(values.permissions),
      updated_at: Date.now(),
      updated_by: values.updatedBy,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteProfile(db: Db, id: number): Promise<void> {
  await db.deleteFrom('profile').where('id', '=', id).execute();
}

export async function profileInUse(db: Db, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('membership')
    .select('user_id')
    .where('profile_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the profile is given to someone in an organisation other than `except` (the admin one). */
export async function profileGivenOutside(db: Db, id: number, except: string): Promise<boolean> {
  const row = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select('membership.user_id')
    .where('membership.profile_id', '=', id)
    .where('organisation.name', '!=', except)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
