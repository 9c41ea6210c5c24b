/**
 * Former password hashes of a user (migration 0028), newest first, for the password policy's
 * `history` rule. Only hashes are kept, as for the current password.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The `count` newest former hashes of a user. */
const newest = (db: Db, userId: number, count: number) =>
  db.selectFrom('password_history').where('user_id', '=', userId).orderBy('id', 'desc').limit(count);

export async function formerPasswordHashes(db: Db, userId: number, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const rows = await newest(db, userId, count).select('password_hash').execute();
  return rows.map((r) => r.password_hash);
}

/** Remembers a replaced hash and forgets all but the `keep` newest. */
export async function rememberPasswordHash(
  db: Db,
  userId: number,
  hash: string,
  keep: number,
  now: number,
): Promise<void> {
  await db
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: hash, created_at: now })
    .execute();
  const kept = await newest(db, userId, keep).select('id').execute();
  const oldest = kept.at(-1)?.id;
  if (oldest !== undefined)
    await db.deleteFrom('password_history').where('user_id', '=', userId).where('id', '<', oldest).execute();
}
