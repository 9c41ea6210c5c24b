/**
 * Lookups made before any organisation is known: authentication resolves who is calling from
 * a login, an API key hash or a session. Nothing here returns data to a caller; it only
 * identifies. Everything after authentication goes through the scoped repositories.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { UserRow } from './users.js';

type Db = Kysely<Database>;

export async function userByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('login', '=', login.toLowerCase()).executeTakeFirst();
}

export async function userById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function userByApiKeyHash(db: Db, hash: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('api_key_hash', '=', hash).executeTakeFirst();
}

export async function recordLoginFailure(db: Db, userId: number, at: number): Promise<void> {
  await db
    .updateTable('user')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), last_failed_at: at }))
    .where('id', '=', userId)
    .execute();
}

export async function clearLoginFailures(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('user')
    .set({ failed_attempts: 0, last_failed_at: null })
    .where('id', '=', userId)
    .execute();
}

/** The user's organisation (by name or "~id") with the profile it holds there. */
export async function membershipFor(db: Db, userId: number, organisation: string | number) {
  let q = db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .innerJoin('profile', 'profile.id', 'membership.profile_id')
    .select([
      'organisation.id as organisationId',
      'organisation.name as organisationName',
      'profile.name as profileName',
      'profile.permissions as permissions',
    ])
    .where('membership.user_id', '=', userId);
  q =
    typeof organisation === 'number'
      ? q.where('organisation.id', '=', organisation)
      : q.where('organisation.name', '=', organisation);
  return q.executeTakeFirst();
}

/** The organisation used when a request names none: the user's default one, else its first. */
export async function defaultMembership(db: Db, user: UserRow) {
  if (user.default_organisation_id !== null) {
    const m = await membershipFor(db, user.id, user.default_organisation_id);
    if (m) return m;
  }
  const first = await db
    .selectFrom('membership')
    .select('organisation_id')
    .where('user_id', '=', user.id)
    .orderBy('organisation_id')
    .limit(1)
    .executeTakeFirst();
  return first ? membershipFor(db, user.id, first.organisation_id) : undefined;
}
