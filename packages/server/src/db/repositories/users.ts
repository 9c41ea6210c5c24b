/**
 * Users and their memberships. A user is visible in an organisation it belongs to;
 * the admin organisation sees every user.
 */

import { parseId } from '@propolis/core';
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, UserTable } from '../schema.js';
import type { Scope } from '../scope.js';

export type UserRow = Selectable<UserTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface MembershipRow {
  organisationId: number;
  organisation: string;
  profileId: number;
  profile: string;
  permissions: string;
}

function visible(db: Db, scope: Scope) {
  const q = db.selectFrom('user').selectAll('user');
  if (scope.platformAdmin) return q;
  return q.where((eb) =>
    eb.exists(
      eb
        .selectFrom('membership')
        .select('membership.user_id')
        .whereRef('membership.user_id', '=', 'user.id')
        .where('membership.organisation_id', '=', scope.organisationId),
    ),
  );
}

export async function findUser(db: Db, scope: Scope, idOrLogin: string): Promise<UserRow | undefined> {
  const id = parseId(idOrLogin);
  const q = visible(db, scope);
  return (
    id !== undefined ? q.where('user.id', '=', id) : q.where('user.login', '=', idOrLogin.toLowerCase())
  ).executeTakeFirst();
}

export async function listUsers(db: Db, scope: Scope): Promise<UserRow[]> {
  return visible(db, scope).orderBy('user.id').execute();
}

export async function loginTaken(db: Db, login: string): Promise<boolean> {
  const row = await db.selectFrom('user').select('id').where('login', '=', login).executeTakeFirst();
  return row !== undefined;
}

export async function membershipsOf(db: Db, userIds: number[]): Promise<Map<number, MembershipRow[]>> {
  const out = new Map<number, MembershipRow[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .innerJoin('profile', 'profile.id', 'membership.profile_id')
    .select([
      'membership.user_id as userId',
      'organisation.id as organisationId',
      'organisation.name as organisation',
      'profile.id as profileId',
      'profile.name as profile',
      'profile.permissions as permissions',
    ])
    .where('membership.user_id', 'in', userIds)
    .orderBy('organisation.id')
    .execute();
  for (const { userId, ...m } of rows) {
    const list = out.get(userId) ?? [];
    list.push(m);
    out.set(userId, list);
  }
  return out;
}

export async function insertUser(
  db: Db,
  values: Omit<
    Selectable<UserTable>,
    'id' | 'updated_at' | 'updated_by' | 'failed_attempts' | 'last_failed_at'
  > & { failed_attempts?: number },
): Promise<UserRow> {
  return db
    .insertInto('user')
    .values({ failed_attempts: 0, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a user visible in the scope; returns false when it is not visible there. */
export async function updateUser(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<UserTable>,
): Promise<boolean> {
  const user = await visible(db, scope).where('user.id', '=', id).executeTakeFirst();
  if (!user) return false;
  await db.updateTable('user').set(values).where('id', '=', id).execute();
  return true;
}

export async function deleteUser(db: Db, scope: Scope, id: number): Promise<boolean> {
  const user = await visible(db, scope).where('user.id', '=', id).executeTakeFirst();
  if (!user) return false;
  await db.deleteFrom('session').where('user_id', '=', id).execute();
  await db.deleteFrom('password_history').where('user_id', '=', id).execute();
  await db.deleteFrom('membership').where('user_id', '=', id).execute();
  await db.deleteFrom('user').where('id', '=', id).execute();
  return true;
}

/**
 * Sets the user's membership in one organisation (insert or change profile). Callers check that the
 * organisation is in their scope before calling.
 */
export async function putMembership(
  db: Db,
  userId: number,
  organisationId: number,
  profileId: number,
): Promise<void> {
  const existing = await db
    .selectFrom('membership')
    .select('profile_id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('membership')
      .set({ profile_id: profileId })
      .where('user_id', '=', userId)
      .where('organisation_id', '=', organisationId)
      .execute();
  } else {
    await db
      .insertInto('membership')
      .values({ user_id: userId, organisation_id: organisationId, profile_id: profileId })
      .execute();
  }
}

export async function removeMembership(db: Db, userId: number, organisationId: number): Promise<void> {
  await db
    .deleteFrom('membership')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .execute();
}
