/**
 * API keys: renewing returns a new key once; only its hash is stored, so it cannot be shown again.
 */
import { badRequest, forbidden, notFound } from '@propolis/core';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { userByApiKeyHash } from '../../db/repositories/credentials.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { storeCredentials } from './credentials.js';
import { manageableUser } from './guards.js';

export async function renewApiKey(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<string> {
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  const key = newSecret();
  await storeCredentials(deps, ctx, user.id, { api_key_hash: hashSecret(key) }, { key: '<renewed>' });
  return key;
}

/**
 * Sets a chosen key (Cortex's `key/set`, used to provision a known key, e.g. TheHive's): for those
 * who manage the user, not for users themselves (they renew). The key must be long and unused.
 */
export async function setApiKey(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
  key: string,
): Promise<void> {
  const user = await manageableUser(deps.db, ctx, idOrLogin);
  if (user.id === ctx.actor.userId)
    throw forbidden('Your own API key cannot be set to a chosen value: renew it with POST .../key/renew');
  if (key.length < 20 || key.length > 512 || !/^[\x21-\x7e]+$/.test(key))
    throw badRequest('key: must be 20 to 512 printable characters, without spaces');
  const holder = await userByApiKeyHash(deps.db, hashSecret(key));
  if (holder && holder.id !== user.id) throw badRequest('key: this key is already in use; choose another');
  await storeCredentials(deps, ctx, user.id, { api_key_hash: hashSecret(key) }, { key: '<set>' });
}

export async function revokeApiKey(deps: Deps, ctx: RequestContext, idOrLogin: string): Promise<void> {
  const user = await manageableUser(deps.db, ctx, idOrLogin, { allowSelf: true });
  await storeCredentials(deps, ctx, user.id, { api_key_hash: null }, { key: '<revoked>' });
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
