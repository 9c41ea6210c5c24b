/**
 * Password login: throttled per account and per address, second factor when the user has one,
 * and a server-side session whose token goes in an HttpOnly cookie.
 */
import { timingSafeEqual } from 'node:crypto';
import { PropolisError, unauthenticated } from '@propolis/core';
import type { Actor } from '../../auth/actor.js';
import { checkThrottles, recordFailure, recordSuccess, verifyLogin } from '../../auth/password-check.js';
import { checkSignInMethod, ldapSessionTag, sessionMethod } from '../../auth/sign-in-policy.js';
import { ldapAuthenticate } from '../../auth/sso/ldap.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { verifyTotp } from '../../auth/totp.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
  type SessionRow,
} from '../../db/repositories/sessions.js';
import type { UserRow } from '../../db/repositories/users.js';
import type { Deps } from '../deps.js';
import { externalUser } from './external-user.js';

export interface LoginInput {
  user: string;
  password: string;
  organisation?: string;
  code?: string;
  address: string;
  requestId?: string;
}

export interface LoginResult {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
}

export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const now = Date.now();
  const { user, directory } = await passwordUser(deps, input, now);
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
  return openSession(deps, user, actor, {
    organisation: input.organisation,
    ...(directory ? { ssoProvider: ldapSessionTag(directory) } : {}),
  });
}

/**
 * The user a login and password belong to: a local account with a password is checked here; any
 * other login goes to the LDAP / Active Directory directories, in order, when some are configured
 * (the directory's user becomes a Propolis user as with single sign-on). Throttles apply to both.
 */
async function passwordUser(
  deps: Deps,
  input: LoginInput,
  now: number,
): Promise<{ user: UserRow; directory?: string }> {
  const directories = deps.config.auth.sso.ldap;
  const local = async () => ({
    user: await verifyLogin(deps, input.user, input.password, input.address, now),
  });
  if (directories.length === 0) return local();
  const known = await checkThrottles(deps, input.user, input.address, now);
  if (known?.password_hash) return local();
  for (const directory of directories) {
    const outcome = await ldapAuthenticate(directory, input.user.trim(), input.password);
    if (outcome.kind === 'unknown-user') continue;
    if (outcome.kind === 'wrong-password') break;
    const user = await externalUser(deps, directory, outcome.identity, input.requestId ?? 'ldap');
    return { user, directory: directory.name };
  }
  await recordFailure(deps, known, input.address, now);
  throw unauthenticated('Authentication failure: wrong login or password');
}

/**
 * Opens the server-side session of an authenticated user (a local login, or a single sign-on),
 * acting as `actor`; `organisation` pins the session to the organisation the login asked for.
 */
export async function openSession(
  deps: Deps,
  user: UserRow,
  actor: Actor,
  options: { organisation?: string; ssoProvider?: string; ssoIdToken?: string } = {},
): Promise<LoginResult> {
  // the organisation the session opens in must accept the way the user signed in
  checkSignInMethod(deps.config.auth.policy, sessionMethod(deps.config.auth.sso, options.ssoProvider), actor);
  const now = Date.now();
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = now + deps.config.auth.sessionTimeoutMinutes * 60_000;
  await deleteExpiredSessions(deps.db, now);
  await insertSession(deps.db, {
    id: hashSecret(sessionToken),
    user_id: user.id,
    organisation_id: options.organisation ? actor.organisationId : null,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    sso_provider: options.ssoProvider ?? null,
    sso_id_token: options.ssoIdToken ?? null,
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
): Promise<SessionRow | undefined> {
  if (!sessionToken) return undefined;
  const id = hashSecret(sessionToken);
  const session = await findSession(deps.db, id);
  if (!session) return undefined;
  if (!csrfSent || !sameSecret(csrfSent, session.csrf_token)) {
    throw new PropolisError(
      'AuthorizationError',
      'CSRF check failed: logout must send the PROPOLIS-XSRF-TOKEN cookie value in the X-Propolis-XSRF-Token header',
    );
  }
  await deleteSession(deps.db, id);
  return session;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
