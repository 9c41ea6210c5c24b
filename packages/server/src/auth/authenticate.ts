/**
 * Resolves who is calling: an API key (Bearer), HTTP Basic credentials, or a session cookie,
 * then the organisation the request acts in (X-Organisation header, else the session's, else the
 * user's default) and the permissions the user's profile grants there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { effectivePermissions, PropolisError, parseId, textProblem, unauthenticated } from '@propolis/core';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import {
  defaultMembership,
  membershipFor,
  userByApiKeyHash,
  userById,
} from '../db/repositories/credentials.js';
import { profilePermissions } from '../db/repositories/profiles.js';
import { findSession, touchSession } from '../db/repositories/sessions.js';
import { visibilityFlags } from '../db/repositories/shares.js';
import type { UserRow } from '../db/repositories/users.js';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';
import { KeyCache } from './key-cache.js';
import { recordSuccess, verifyLogin } from './password-check.js';
import {
  checkSignInMethod,
  mfaRequired,
  mfaSetupRequired,
  mustSetUpMfa,
  sessionMethod,
} from './sign-in-policy.js';
import type { AddressThrottle } from './throttle.js';
import { hashSecret } from './tokens.js';

export type AuthMethod = 'key' | 'basic' | 'session';

export interface Authenticated {
  actor: Actor;
  method: AuthMethod;
  sessionId?: string;
  csrfToken?: string;
  /** The sign-in policy requires a second factor this session has not set up: it may only set one up. */
  mfaSetupRequired?: boolean;
}

export interface Credentials {
  authorization?: string;
  sessionToken?: string;
  organisation?: string;
  /** The client's address, for the login throttle that Basic credentials go through. */
  address?: string;
}

/** Caches successful Basic verifications briefly so that scripted clients do not pay scrypt per call. */
class BasicCache {
  private readonly pepper = randomBytes(32);
  private readonly entries = new Map<string, { userId: number; passwordHash: string; expires: number }>();

  key(login: string, password: string) {
    return createHash('sha256').update(this.pepper).update(login).update('\0').update(password).digest('hex');
  }
  get(key: string, now: number) {
    const e = this.entries.get(key);
    if (e && e.expires < now) this.entries.delete(key);
    return e && e.expires >= now ? e : undefined;
  }
  set(key: string, userId: number, passwordHash: string, now: number) {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { userId, passwordHash, expires: now + 60_000 });
  }
}

export class Authenticator {
  private readonly basicCache = new BasicCache();
  private readonly keyCache = new KeyCache();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly addressThrottle: AddressThrottle,
  ) {}

  /** Returns undefined when the request carries no credentials at all. */
  async authenticate(creds: Credentials): Promise<Authenticated | undefined> {
    const auth = creds.authorization?.trim();
    if (auth) {
      const [scheme, value = ''] = auth.split(/\s+/, 2);
      if (scheme?.toLowerCase() === 'bearer') return this.byKey(value, creds.organisation);
      if (scheme?.toLowerCase() === 'basic') return this.byBasic(value, creds.organisation, creds.address);
      throw unauthenticated(`Unsupported Authorization scheme "${scheme}": use Bearer <API key> or Basic`);
    }
    if (creds.sessionToken) return this.bySession(creds.sessionToken, creds.organisation);
    return undefined;
  }

  private async byKey(key: string, organisation?: string): Promise<Authenticated> {
    if (!key) throw unauthenticated('Authentication failure: invalid API key');
    const hash = hashSecret(key);
    const now = Date.now();
    const cached = this.keyCache.get(hash, organisation, now);
    // A copy: the cached actor is shared by the requests of the next seconds.
    if (cached)
      return {
        actor: { ...cached, visibility: cached.visibility && { ...cached.visibility } },
        method: 'key',
      };
    const startedIn = this.keyCache.generation;
    const user = await userByApiKeyHash(this.db, hash);
    if (!user) throw unauthenticated('Authentication failure: invalid API key');
    const actor = await this.actorFor(user, organisation);
    this.keyCache.set(hash, organisation, actor, startedIn, now);
    return { actor: { ...actor, visibility: actor.visibility && { ...actor.visibility } }, method: 'key' };
  }

  private async byBasic(value: string, organisation?: string, address?: string): Promise<Authenticated> {
    if (!this.config.auth.basic)
      throw unauthenticated('HTTP Basic authentication is disabled on this server');
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthenticated('Malformed Basic credentials');
    const login = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    // no login holds U+0000 (api/input-guard.ts refuses it everywhere); PostgreSQL cannot compare it
    if (textProblem(login)) throw unauthenticated('Malformed Basic credentials');
    const now = Date.now();
    const cacheKey = this.basicCache.key(login, password);
    const cached = this.basicCache.get(cacheKey, now);
    let user: UserRow | undefined;
    if (cached) {
      user = await userById(this.db, cached.userId);
      if (user && user.password_hash !== cached.passwordHash) user = undefined;
    }
    if (!user) {
      // Basic presents a password on every call: it goes through the same throttles as the login routes.
      const throttled = { db: this.db, config: this.config, addressThrottle: this.addressThrottle };
      user = await verifyLogin(throttled, login, password, address, now);
      if (!user.totp_secret) {
        await recordSuccess(throttled, user, address);
        this.basicCache.set(cacheKey, user.id, user.password_hash ?? '', now);
      }
    }
    // Checked on every call, cached or not: a second factor enabled since the last call applies at once.
    if (user.totp_secret) {
      throw unauthenticated('This account has a second factor: use an API key or log in with a TOTP code');
    }
    const actor = await this.actorFor(user, organisation);
    const policy = this.config.auth.policy;
    checkSignInMethod(policy, 'local', actor);
    if (mfaRequired(policy, actor)) throw mfaSetupRequired();
    return { actor, method: 'basic' };
  }

  private async bySession(token: string, organisation?: string): Promise<Authenticated> {
    const id = hashSecret(token);
    const session = await findSession(this.db, id);
    const now = Date.now();
    if (!session || session.expires_at < now)
      throw unauthenticated('Session expired or invalid: log in again');
    const user = await userById(this.db, session.user_id);
    if (!user) throw unauthenticated('Session expired or invalid: log in again');
    const timeout = this.config.auth.sessionTimeoutMinutes * 60_000;
    // Refresh at most once a minute to keep reads read-only.
    if (now - session.last_seen_at > 60_000) await touchSession(this.db, id, now, now + timeout);
    const org =
      organisation ?? (session.organisation_id !== null ? `~${session.organisation_id}` : undefined);
    const actor = await this.actorFor(user, org);
    // checked per request: X-Organisation may name an organisation with another policy
    const policy = this.config.auth.policy;
    const method = sessionMethod(this.config.auth.sso, session.sso_provider);
    checkSignInMethod(policy, method, actor);
    return {
      actor,
      method: 'session',
      sessionId: id,
      csrfToken: session.csrf_token,
      ...(mustSetUpMfa(policy, method, actor, Boolean(user.totp_secret)) ? { mfaSetupRequired: true } : {}),
    };
  }

  /** Builds the actor for a verified user in the requested (or default) organisation. */
  async actorFor(user: UserRow, organisation?: string): Promise<Actor> {
    if (user.locked) throw unauthenticated(`User ${user.login} is locked`);
    let membership: Awaited<ReturnType<typeof membershipFor>>;
    if (organisation) {
      const id = parseId(organisation);
      membership = await membershipFor(this.db, user.id, id ?? organisation);
      if (!membership) {
        throw new PropolisError(
          'AuthorizationError',
          `Organisation "${organisation}" does not exist or user ${user.login} is not a member of it`,
        );
      }
    } else {
      membership = await defaultMembership(this.db, user);
      if (!membership)
        throw new PropolisError('AuthorizationError', `User ${user.login} belongs to no organisation`);
    }
    return {
      userId: user.id,
      login: user.login,
      name: user.name,
      organisationId: membership.organisationId,
      organisationName: membership.organisationName,
      profileName: membership.profileName,
      permissions: new Set(effectivePermissions(profilePermissions(membership))),
      visibility: await visibilityFlags(this.db, membership.organisationId),
    };
  }
}
