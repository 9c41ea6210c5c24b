/**
 * Password login: throttled per account and per address, second factor when the user has one,
 * and a server-side session whose token goes in an HttpOnly cookie.
 */
import { PropolisError, unauthenticated } from '@propolis/core';
import { verifyPassword } from '../../auth/passwords.js';
import { accountRetryAfter } from '../../auth/throttle.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { verifyTotp } from '../../auth/totp.js';
import { clearLoginFailures, recordLoginFailure, userByLogin } from '../../db/repositories/credentials.js';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../db/repositories/sessions.js';
import type { Actor } from '../context.js';
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

function tooMany(ms: number): PropolisError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new PropolisError('TooManyRequests', `Too many failed logins: try again in ${seconds} s`, {
    object: { retryAfter: seconds },
  });
}

export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const { throttle } = deps.config.auth;
  const windowMs = throttle.windowSeconds * 1000;
  const now = Date.now();
  const addressWait = deps.addressThrottle.retryAfter(input.address, now);
  if (addressWait > 0) throw tooMany(addressWait);

  const user = await userByLogin(deps.db, input.user.trim());
  if (user) {
    const wait = accountRetryAfter(
      user.failed_attempts,
      user.last_failed_at,
      throttle.maxFailuresPerAccount,
      windowMs,
      now,
    );
    if (wait > 0) throw tooMany(wait);
  }
  const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : false;
  if (!user || !passwordOk) {
    deps.addressThrottle.fail(input.address, now);
    if (user) {
      // A failure long after the last one starts a new count.
      if (user.last_failed_at !== null && now - user.last_failed_at > windowMs)
        await clearLoginFailures(deps.db, user.id);
      await recordLoginFailure(deps.db, user.id, now);
    }
    throw unauthenticated('Authentication failure: wrong login or password');
  }
  if (user.totp_secret) {
    if (!input.code)
      throw new PropolisError('AuthenticationError', 'A TOTP code is required: send it as "code"', {
        object: { mfa: true },
      });
    if (!verifyTotp(user.totp_secret, input.code)) {
      deps.addressThrottle.fail(input.address, now);
      await recordLoginFailure(deps.db, user.id, now);
      throw unauthenticated('Authentication failure: wrong TOTP code');
    }
  }
  const actor = await deps.authenticator.actorFor(user, input.organisation);
  deps.addressThrottle.succeed(input.address);
  if (user.failed_attempts > 0) await clearLoginFailures(deps.db, user.id);

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
