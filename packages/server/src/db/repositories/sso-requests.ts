/**
 * Browser sign-ins waiting for the identity provider (migration 0020), stored by the SHA-256 of their
 * `state` (or SAML request id) so that any node can finish them, and used once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export async function insertSsoRequest(
  db: Db,
  row: { id: string; provider: string; data: string; created_at: number; expires_at: number },
): Promise<void> {
  await db.deleteFrom('sso_request').where('expires_at', '<', row.created_at).execute();
  await db.insertInto('sso_request').values(row).execute();
}

/** The pending request, removed as it is read: a second callback with the same state finds nothing. */
export async function takeSsoRequest(
  db: Db,
  id: string,
  now: number,
): Promise<{ provider: string; data: string } | undefined> {
  const row = await db
    .selectFrom('sso_request')
    .select(['provider', 'data', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const deleted = await db.deleteFrom('sso_request').where('id', '=', id).executeTakeFirst();
  // two callbacks racing: only the one that deleted the row goes on
  if (Number(deleted.numDeletedRows) !== 1 || row.expires_at < now) return undefined;
  return { provider: row.provider, data: row.data };
}

export async function findSsoRequest(db: Db, id: string, now: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('sso_request')
    .select(['data', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && row.expires_at >= now ? row.data : undefined;
}

export async function deleteSsoRequest(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sso_request').where('id', '=', id).execute();
}
