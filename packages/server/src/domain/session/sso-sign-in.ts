/**
 * Signing in through a single sign-on provider: the identity it vouched for becomes a Propolis user
 * (domain/session/external-user.ts) and gets a session exactly like a local login's (cookie and CSRF
 * token), remembering the provider for logout. Second factors are the provider's business here.
 */

import type { ExternalIdentity } from '../../auth/sso/identity.js';
import type { ProviderCommon } from '../../auth/sso/sso-config.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import {
  deleteSsoRequest,
  findSsoRequest,
  insertSsoRequest,
  takeSsoRequest,
} from '../../db/repositories/sso-requests.js';
import type { Deps } from '../deps.js';
import { externalUser } from './external-user.js';
import { type LoginResult, openSession } from './login.js';

/** How long a browser has to come back from the identity provider. */
const PENDING_MS = 10 * 60_000;

export async function ssoSignIn(
  deps: Deps,
  provider: ProviderCommon,
  identity: ExternalIdentity,
  options: { requestId: string; idToken?: string },
): Promise<LoginResult> {
  const user = await externalUser(deps, provider, identity, options.requestId);
  const actor = await deps.authenticator.actorFor(user);
  return openSession(deps, user, actor, { ssoProvider: provider.name, ssoIdToken: options.idToken });
}

/** Records a sign-in leaving for the provider; answers the random `state` that brings it back. */
export async function beginSsoRequest(
  deps: Deps,
  provider: string,
  data: Record<string, unknown>,
  state = newSecret(),
): Promise<string> {
  const now = Date.now();
  await insertSsoRequest(deps.db, {
    id: hashSecret(state),
    provider,
    data: JSON.stringify(data),
    created_at: now,
    expires_at: now + PENDING_MS,
  });
  return state;
}

/** The data of the sign-in `state` started, once; undefined when unknown, expired, used or another provider's. */
export async function finishSsoRequest(
  deps: Deps,
  provider: string,
  state: string,
): Promise<Record<string, unknown> | undefined> {
  const row = await takeSsoRequest(deps.db, hashSecret(state), Date.now());
  if (!row || row.provider !== provider) return undefined;
  return JSON.parse(row.data) as Record<string, unknown>;
}

/**
 * The store of SAML request ids (node-saml's cache provider) in the database, so that the response
 * may reach any node: an assertion answers a request this server made, once.
 */
export function samlRequestStore(deps: Deps, provider: string) {
  const key = (id: string) => hashSecret(`saml:${provider}:${id}`);
  return {
    async saveAsync(id: string, value: string) {
      const now = Date.now();
      await insertSsoRequest(deps.db, {
        id: key(id),
        provider,
        data: value,
        created_at: now,
        expires_at: now + PENDING_MS,
      });
      return { value, createdAt: now };
    },
    async getAsync(id: string) {
      return (await findSsoRequest(deps.db, key(id), Date.now())) ?? null;
    },
    async removeAsync(id: string | null) {
      if (id === null) return null;
      const value = (await findSsoRequest(deps.db, key(id), Date.now())) ?? null;
      await deleteSsoRequest(deps.db, key(id));
      return value;
    },
  };
}
