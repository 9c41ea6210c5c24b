/**
 * The sign-in policy (`auth.policy` in the configuration, docs/sso.md): which ways of signing in each
 * organisation accepts, who must have a second factor, and the rules of local passwords. API keys
 * are not a way of signing in: scripts keep working whatever the policy.
 *
 * The method is checked when a session opens (for the organisation it opens in) and again on every
 * request (a user who belongs to several organisations may switch with X-Organisation). A user the
 * policy requires a second factor of, who signed in with a password and has none yet, gets a session
 * that can only set one up.
 */
import { PropolisError } from '@propolis/core';
import type { Actor } from './actor.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';
import type { SsoConfig } from './sso/sso-config.js';

export const SIGN_IN_METHODS = ['local', 'ldap', 'oidc', 'saml', 'header'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export interface OrganisationSignIn {
  /** The methods accepted; absent: every configured one. */
  methods?: SignInMethod[];
  /** Members who sign in with a password must have a second factor (TOTP). */
  mfaRequired?: boolean;
}

export interface SignInPolicy {
  password: {
    /** Fewest characters of a new local password. */
    minLength: number;
    /** A new password may not be one of the user's last `history` passwords (0: not checked). */
    history: number;
  };
  /** Users whose profile (in the organisation they act in) is listed must have a second factor. */
  mfaProfiles: string[];
  /** Per organisation, by name. */
  organisations: Record<string, OrganisationSignIn>;
}

export const defaultSignInPolicy = (): SignInPolicy => ({
  password: { minLength: MIN_PASSWORD_LENGTH, history: 0 },
  mfaProfiles: [],
  organisations: {},
});

/** Refuses a policy that would be misread (a method name mistyped would lock everyone out). */
export function checkSignInPolicy(policy: SignInPolicy): SignInPolicy {
  const { minLength, history } = policy.password;
  if (!Number.isInteger(minLength) || minLength < 1 || minLength > MAX_PASSWORD_LENGTH)
    throw new Error(`auth.policy.password.minLength: must be an integer from 1 to ${MAX_PASSWORD_LENGTH}`);
  if (!Number.isInteger(history) || history < 0 || history > 50)
    throw new Error('auth.policy.password.history: must be an integer from 0 to 50');
  if (!Array.isArray(policy.mfaProfiles) || policy.mfaProfiles.some((p) => typeof p !== 'string'))
    throw new Error('auth.policy.mfaProfiles: must be a list of profile names');
  for (const [name, org] of Object.entries(policy.organisations ?? {})) {
    const where = `auth.policy.organisations.${name}`;
    if (typeof org !== 'object' || org === null) throw new Error(`${where}: must be a mapping`);
    if (org.methods !== undefined) {
      if (!Array.isArray(org.methods) || org.methods.length === 0)
        throw new Error(`${where}.methods: must be a non-empty list of ${SIGN_IN_METHODS.join(', ')}`);
      for (const m of org.methods)
        if (!SIGN_IN_METHODS.includes(m))
          throw new Error(
            `${where}.methods: unknown method ${JSON.stringify(m)}; use ${SIGN_IN_METHODS.join(', ')}`,
          );
    }
    if (org.mfaRequired !== undefined && typeof org.mfaRequired !== 'boolean')
      throw new Error(`${where}.mfaRequired: must be true or false`);
  }
  return policy;
}

/** The value a session keeps for an LDAP sign-in (`session.sso_provider`). */
export const ldapSessionTag = (directory: string) => `ldap:${directory}`;

/** How a session was opened, from the provider it remembers (none: a local password). */
export function sessionMethod(sso: SsoConfig, provider: string | null | undefined): SignInMethod {
  if (!provider) return 'local';
  if (provider.startsWith('ldap:')) return 'ldap';
  if (sso.oidc.some((p) => p.name === provider)) return 'oidc';
  if (sso.saml.some((p) => p.name === provider)) return 'saml';
  return 'header';
}

/** Throws when the organisation the actor acts in does not accept `method`. */
export function checkSignInMethod(policy: SignInPolicy, method: SignInMethod, actor: Actor): void {
  const allowed = policy.organisations[actor.organisationName]?.methods;
  if (allowed && !allowed.includes(method))
    throw new PropolisError(
      'AuthorizationError',
      `Organisation ${actor.organisationName} does not accept sign-in with ${method}: use ${allowed.join(' or ')} (API keys always work)`,
    );
}

/** Whether the policy requires a second factor of the actor (for password sign-ins). */
export function mfaRequired(policy: SignInPolicy, actor: Actor): boolean {
  return (
    policy.organisations[actor.organisationName]?.mfaRequired === true ||
    policy.mfaProfiles.includes(actor.profileName)
  );
}

/** Whether a session must set up its second factor before anything else. */
export function mustSetUpMfa(
  policy: SignInPolicy,
  method: SignInMethod,
  actor: Actor,
  hasSecondFactor: boolean,
): boolean {
  // identity providers and proxies own their second factor
  return (method === 'local' || method === 'ldap') && !hasSecondFactor && mfaRequired(policy, actor);
}

export const mfaSetupRequired = () =>
  new PropolisError(
    'AuthorizationError',
    'Your organisation requires a second factor: set up TOTP first (POST /api/v1/auth/totp/set)',
    { object: { mfaSetupRequired: true } },
  );
