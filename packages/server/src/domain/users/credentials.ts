/**
 * One audited write of a user's credentials (password hash, API key hash, TOTP secret): the
 * audit row says what changed in words, never the secret or its hash.
 */
import { formatId } from '@propolis/core';
import type { Transaction } from 'kysely';
import { updateUser } from '../../db/repositories/users.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

export type CredentialColumns =
  | { password_hash: string }
  | { api_key_hash: string | null }
  | { totp_secret: string | null };

export async function storeCredentials(
  deps: Deps,
  ctx: RequestContext,
  userId: number,
  set: CredentialColumns,
  details: Record<string, string>,
  alsoInTransaction?: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<void> {
  await inTransaction(deps, async (trx) => {
    await updateUser(trx, scopeOf(ctx), userId, {
      ...set,
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    await alsoInTransaction?.(trx);
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'User', objectId: formatId(userId), details },
    ]);
  });
}
