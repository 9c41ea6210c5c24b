/**
 * Checking a login and password under the login throttles, for every way a password is presented
 * (the login routes and HTTP Basic): a throttled account or address is refused before the password is
 * even verified, and each failure counts against both.
 */
import { PropolisError, unauthenticated } from '@propolis/core';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { clearLoginFailures, recordLoginFailure, userByLogin } from '../db/repositories/credentials.js';
import type { UserRow } from '../db/repositories/users.js';
import type { Database } from '../db/schema.js';
import { verifyPassword } from './passwords.js';
import { type AddressThrottle, accountRetryAfter } from './throttle.js';

export interface PasswordCheckDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'auth'>;
  addressThrottle: AddressThrottle;
}

export function tooManyLogins(ms: number): PropolisError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new PropolisError('TooManyRequests', `Too many failed logins: try again in ${seconds} s`, {
    object: { retryAfter: seconds },
  });
}

/** Counts a failed attempt (wrong password or second factor) against the address and the account. */
export async function recordFailure(
  deps: PasswordCheckDeps,
  user: UserRow | undefined,
  address: string | undefined,
  now = Date.now(),
): Promise<void> {
  if (address) deps.addressThrottle.fail(address, now);
  if (!user) return;
  const windowMs = deps.config.auth.throttle.windowSeconds * 1000;
  // A failure long after the last one starts a new count.
  if (user.last_failed_at !== null && now - user.last_failed_at > windowMs)
    await clearLoginFailures(deps.db, user.id);
  await recordLoginFailure(deps.db, user.id, now);
}

/** Forgets the failures of an account (and address) once its owner has authenticated. */
export async function recordSuccess(
  deps: PasswordCheckDeps,
  user: UserRow,
  address: string | undefined,
): Promise<void> {
  if (address) deps.addressThrottle.succeed(address);
  if (user.failed_attempts > 0) await clearLoginFailures(deps.db, user.id);
}

/** Refuses a throttled address or account (429) before any password is checked; answers the account, if any. */
export async function checkThrottles(
  deps: PasswordCheckDeps,
  login: string,
  address: string | undefined,
  now = Date.now(),
): Promise<UserRow | undefined> {
  const { throttle } = deps.config.auth;
  if (address) {
    const addressWait = deps.addressThrottle.retryAfter(address, now);
    if (addressWait > 0) throw tooManyLogins(addressWait);
  }
  const user = await userByLogin(deps.db, login.trim());
  if (user) {
    const wait = accountRetryAfter(
      user.failed_attempts,
      user.last_failed_at,
      throttle.maxFailuresPerAccount,
      throttle.windowSeconds * 1000,
      now,
    );
    if (wait > 0) throw tooManyLogins(wait);
  }
  return user;
}

/** The user whose login and password these are; 429 while throttled, 401 when wrong. */
export async function verifyLogin(
  deps: PasswordCheckDeps,
  login: string,
  password: string,
  address: string | undefined,
  now = Date.now(),
): Promise<UserRow> {
  const user = await checkThrottles(deps, login, address, now);
  if (!user || !(await verifyPassword(password, user.password_hash))) {
    await recordFailure(deps, user, address, now);
    throw unauthenticated('Authentication failure: wrong login or password');
  }
  return user;
}
