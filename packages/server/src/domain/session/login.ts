/**
 * Password login: throttled per account and per address, second factor when the user has one,
 * and a server-side session whose token goes in an HttpOnly cookie.
 */
import { timingSafeEqual } from 'node:crypto';
import { PropolisError, unauthenticated } from '@propolis/core';
import type { Actor } from '../../auth/actor.js';
import { recordFailure, recordSuccess, verifyLogin } from '../../auth/password-check.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { verifyTotp } from '../../auth/totp.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
} from '../../db/repositories/sessions.js';
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

/**
 * Ends the session. A live session is ended only with its CSRF token (`csrfSent`): logout is a GET
 * in TheHive's API, and a SameSite=Lax cookie travels with a cross-site top-level GET, so without
 * the token any page could log a user out. An unknown or expired session just has its cookies cleared.
 */
export async function logout(
  deps: Deps,
  sessionToken: string | undefined,
  csrfSent: string | undefined,
): Promise<void> {
  if (!sessionToken) return;
  const id = hashSecret(sessionToken);
  const session = await findSession(deps.db, id);
  if (!session) return;
  if (!csrfSent || !sameSecret(csrfSent, session.csrf_token)) {
    throw new PropolisError(
      'AuthorizationError',
      'CSRF check failed: logout must send the PROPOLIS-XSRF-TOKEN cookie value in the X-Propolis-XSRF-Token header',
    );
  }
  await deleteSession(deps.db, id);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
