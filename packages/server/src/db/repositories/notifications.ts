/**
 * Notifications of an organisation (migration 0014). Every read and write names the organisation;
 * `enabledNotifications` (every organisation's) is for the fan-out only, which matches each
 * notification against its own organisation's events.
 */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, NotificationTable } from '../schema.js';

export type NotificationRow = Selectable<NotificationTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function listNotifications(db: Db, organisationId: number): Promise<NotificationRow[]> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
}

export async function findNotification(
  db: Db,
  organisationId: number,
  id: number,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findNotificationByName(
  db: Db,
  organisationId: number,
  name: string,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function insertNotification(
  trx: Db,
  values: Insertable<NotificationTable>,
): Promise<NotificationRow> {
  return trx.insertInto('notification').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateNotification(
  trx: Db,
  organisationId: number,
  id: number,
  set: Updateable<NotificationTable>,
): Promise<void> {
  await trx
    .updateTable('notification')
    .set(set)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteNotification(trx: Db, organisationId: number, id: number): Promise<void> {
  await trx
    .deleteFrom('notification')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/** Every enabled notification of every organisation, with its organisation's name (the fan-out). */
export async function enabledNotifications(
  db: Db,
): Promise<Array<NotificationRow & { organisation_name: string; user_login: string | null }>> {
  return db
    .selectFrom('notification as n')
    .innerJoin('organisation as o', 'o.id', 'n.organisation_id')
    .leftJoin('user as u', 'u.id', 'n.user_id')
    .selectAll('n')
    .select(['o.name as organisation_name', 'u.login as user_login'])
    .where('n.enabled', '=', 1)
    .orderBy('n.id')
    .execute();
}

/** E-mail addresses of users by login (their e-mail, or the login when it is an address). */
export async function emailsOfLogins(db: Db, logins: readonly string[]): Promise<Map<string, string>> {
  if (logins.length === 0) return new Map();
  const rows = await db
    .selectFrom('user')
    .select(['login', 'email'])
    .where('login', 'in', [...new Set(logins)])
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) {
    const email = r.email ?? (r.login.includes('@') ? r.login : undefined);
    if (email) out.set(r.login, email);
  }
  return out;
}

/** A user's id and login, when the user is a member of the organisation. */
export async function memberByLogin(
  db: Db,
  organisationId: number,
  login: string,
): Promise<{ id: number; login: string } | undefined> {
  return db
    .selectFrom('user as u')
    .innerJoin('membership as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.login'])
    .where('m.organisation_id', '=', organisationId)
    .where('u.login', '=', login)
    .executeTakeFirst();
}

export async function loginOfUser(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('user').select('login').where('id', '=', id).executeTakeFirst())?.login;
}

/** The notifiers and names of these notifications (deliveries carry only the notification's id). */
export async function notificationsByIds(
  db: Db,
  ids: readonly number[],
): Promise<Array<Pick<NotificationRow, 'id' | 'name' | 'notifiers' | 'organisation_id'>>> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('notification')
    .select(['id', 'name', 'notifiers', 'organisation_id'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
