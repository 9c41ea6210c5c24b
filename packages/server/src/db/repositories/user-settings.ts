/**
 * A user's UI settings in an organisation (migration 0026): one JSON object, read and written only
 * for the (organisation, user) pair of the caller.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;

export async function findUserSettings(db: Db, scope: Scope, userId: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('user_setting')
    .select('settings')
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.settings;
}

export async function saveUserSettings(
  db: Db,
  scope: Scope,
  userId: number,
  settings: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('user_setting')
    .values({ user_id: userId, organisation_id: scope.organisationId, settings, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ settings, updated_at: now }))
    .execute();
}
