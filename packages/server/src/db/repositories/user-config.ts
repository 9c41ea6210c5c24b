/**
 * A user's own configuration values (table user_config), always of the given user: TheHive's
 * `/config/user` paths and the web UI's settings (`settings.<name>`) alike.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export async function userConfigOf(db: Db, userId: number): Promise<Array<{ path: string; value: string }>> {
  return db
    .selectFrom('user_config')
    .select(['path', 'value'])
    .where('user_id', '=', userId)
    .orderBy('path')
    .execute();
}

export async function userConfigValue(db: Db, userId: number, path: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_config')
    .select('value')
    .where('user_id', '=', userId)
    .where('path', '=', path)
    .executeTakeFirst();
  return row?.value;
}

/** The values the user holds under the paths given (those it never set are absent). */
export async function userConfigValues(
  db: Db,
  userId: number,
  paths: readonly string[],
): Promise<Array<{ path: string; value: string }>> {
  if (paths.length === 0) return [];
  return db
    .selectFrom('user_config')
    .select(['path', 'value'])
    .where('user_id', '=', userId)
    .where('path', 'in', paths)
    .execute();
}

export async function putUserConfig(db: Db, userId: number, path: string, value: string, at: number) {
  await db
    .insertInto('user_config')
    .values({ user_id: userId, path, value, updated_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'path']).doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function deleteUserConfig(db: Db, userId: number, path: string): Promise<boolean> {
  const r = await db
    .deleteFrom('user_config')
    .where('user_id', '=', userId)
    .where('path', '=', path)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
