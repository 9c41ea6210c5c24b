/**
 * API keys: renewing returns a new key once; only its hash is stored, so it cannot be shown again.
 */
import { formatId, notFound } from '@propolis/core';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { updateUser } from '../../db/repositories/users.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { manageableUser } from './guards.js';

export async function renewApiKey(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<string> {
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  const key = newSecret();
  await inTransaction(deps, async (trx) => {
    await updateUser(trx, scopeOf(ctx), user.id, {
      api_key_hash: hashSecret(key),
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'User', objectId: formatId(user.id), details: { key: '<renewed>' } },
    ]);
  });
  return key;
}

export async function revokeApiKey(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<void> {
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  await inTransaction(deps, async (trx) => {
    await updateUser(trx, scopeOf(ctx), user.id, {
      api_key_hash: null,
      updated_at: Date.now(),
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'User', objectId: formatId(user.id), details: { key: '<revoked>' } },
    ]);
  });
}

/** Keys are stored hashed: reading one back is impossible, so the answer says how to get a new one. */
export async function getApiKey(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<never> {
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  if (user.api_key_hash === null)
    throw notFound(`User ${user.login} has no API key: create one with POST .../key/renew`);
  throw notFound(
    `The API key of ${user.login} is stored hashed and is shown only when it is created: renew it with POST .../key/renew to get a new one`,
  );
}
