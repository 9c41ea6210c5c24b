/**
 * API keys: renewing returns a new key once; only its hash is stored, so it cannot be shown again.
 */
import { notFound } from '@propolis/core';
import { hashSecret, newSecret } from '../../auth/tokens.js';
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
