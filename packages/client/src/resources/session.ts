/**
 * Status, health, login and logout (`/api/v1/status`, `/api/v1/login`, `/api/v1/logout`,
 * `/api/health`), two-factor authentication settings (`/api/v1/auth/totp/...`) and single sign-on
 * (`/api/v1/sso/...`: the browser follows the login URLs; `publicStatus` lists the providers).
 * `login` opens a session: the client then authenticates with the session cookie and sends the
 * CSRF token with every write (see auth.ts).
 */
import type { LicenseOutput, LoginBody, PublicStatusOutput, StatusOutput, TotpSetBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import type { OutputUser } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

/** `user`, `password`, and `organisation` and the TOTP `code` when needed. */
export type LoginInput = LoginBody;

export class SessionResource extends Resource {
  /** Opens a session; answers the user. */
  login(input: LoginInput, options: CallOptions = {}): Promise<OutputUser> {
    return this.t.json({ method: 'POST', path: `${V1}/login`, json: input }, options);
  }

  /** Ends the session (the server forgets it; the client drops its cookies). */
  async logout(options: CallOptions = {}): Promise<void> {
    await this.t.send({ method: 'POST', path: `${V1}/logout`, idempotent: true }, options);
    this.t.session.clear();
  }

  /** Versions, authentication types, configuration hints and feeders' health. */
  status(options: CallOptions = {}): Promise<StatusOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/status` }, options);
  }

  /** What an unauthenticated page may show: version and authentication types. */
  publicStatus(options: CallOptions = {}): Promise<PublicStatusOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/status/public` }, options);
  }

  /** TheHive 5's license document (Propolis has no limits; TheHive clients read it). */
  license(options: CallOptions = {}): Promise<LicenseOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/license/current` }, options);
  }

  /** True when the server and its database answer. */
  async health(options: CallOptions = {}): Promise<boolean> {
    try {
      return (
        (await this.t.text({ method: 'GET', path: '/api/health' }, { retry: false, ...options })) === 'Ok'
      );
    } catch (error) {
      if ((error as { status?: number }).status === 503) return false;
      throw error;
    }
  }

  /** Starts (no `code`) or confirms (with the `secret` and a `code`) two-factor authentication. */
  setTotp(input: TotpSetBody = {}, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.t.json({ method: 'POST', path: `${V1}/auth/totp/set`, json: input }, options);
  }

  /** Removes two-factor authentication from the caller, or from `user` (an administrator). */
  unsetTotp(user?: string, options: CallOptions = {}): Promise<void> {
    const path = user === undefined ? `${V1}/auth/totp/unset` : `${V1}/auth/totp/unset/${seg(user)}`;
    return this.t.send({ method: 'POST', path }, options);
  }

  /**
   * Where a browser starts a single sign-on (OpenID Connect, SAML or a trusted header), coming back
   * to `redirect` (a path of this server) afterwards. The URL is followed by the browser, not fetched.
   */
  ssoLoginUrl(type: 'oidc' | 'saml' | 'header', provider?: string, redirect?: string): string {
    const path =
      type === 'header' ? `${V1}/sso/header/login` : `${V1}/sso/${type}/${seg(provider ?? '')}/login`;
    return this.t.url({ path, query: { redirect } });
  }

  /** A SAML provider's service-provider metadata (XML), for the identity provider's set-up. */
  samlMetadata(provider: string, options: CallOptions = {}): Promise<string> {
    return this.t.text({ method: 'GET', path: `${V1}/sso/saml/${seg(provider)}/metadata` }, options);
  }

  /**
   * Ends the session like `logout`, and answers where the browser goes to end its session at the
   * identity provider too (`redirect`, null when the session did not come from one).
   */
  async ssoLogout(options: CallOptions = {}): Promise<{ redirect: string | null }> {
    const answer = await this.t.json<{ redirect: string | null }>(
      { method: 'POST', path: `${V1}/sso/logout`, idempotent: true },
      options,
    );
    this.t.session.clear();
    return answer;
  }
}
