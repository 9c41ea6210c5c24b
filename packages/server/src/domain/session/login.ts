/**
 * Password login: throttled per account and per address, second factor when the user has one,
 * and a server-side session whose token goes in an HttpOnly cookie.
 */
import { PropolisError, unauthenticated } from '@propolis/core';
import type { Actor } from '../../auth/actor.js';
import { recordFailure, recordSuccess, verifyLogin } from '../../auth/password-check.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { verifyTotp } from '../../auth/totp.js';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../db/repositories/sessions.js';
import type { Deps } from '../deps.js';

export interface LoginInput {
  user: string;
  password: string;
  organisation?: string;
  code?: string;
  address: string;
}

export interface LoginResult {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
}

export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const now = Date.now();
  const user = await verifyLogin(deps, input.user, input.password, input.address, now);
  if (user.totp_secret) {
    if (!input.code)
      throw new PropolisError('AuthenticationError', 'A TOTP code is required: send it as "code"', {
        object: { mfa: true },
      });
    if (!verifyTotp(user.totp_secret, input.code)) {
      await recordFailure(deps, user, input.address, now);
      throw unauthenticated('Authentication failure: wrong TOTP code');
    }
  }
  const actor = await deps.authenticator.actorFor(user, input.organisation);
  await recordSuccess(deps, user, input.address);

  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + deps.config.auth.sessionTimeoutMinutes * 60_000;
  await deleteExpiredSessions(deps.db, now);
  await insertSession(deps.db, {
    id: hashSecret(sessionToken),
    user_id: user.id,
    organisation_id: input.organisation ? actor.organisationId : null,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { actor, sessionToken, csrfToken, expiresAt };
}

export async function logout(deps: Deps, sessionToken: string | undefined): Promise<void> {
  if (sessionToken) await deleteSession(deps.db, hashSecret(sessionToken));
}
