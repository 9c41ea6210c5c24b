/**
 * OpenID Connect relying party (authorization code flow with PKCE) over `openid-client`, which is
 * loaded with import() at the first sign-in so that servers without OIDC never evaluate it. The
 * provider's discovery document is read once and kept; a provider that cannot be reached gives a
 * clear 502 and is asked again at the next sign-in.
 */
import { PropolisError, unauthenticated } from '@propolis/core';
import type { Configuration } from 'openid-client';
import type { OidcProvider } from './sso-config.js';

type OpenIdClient = typeof import('openid-client');
let library: Promise<OpenIdClient> | undefined;
const load = () => {
  library ??= import('openid-client');
  return library;
};

export interface OidcStart {
  url: string;
  /** Kept server-side until the callback. */
  codeVerifier: string;
  nonce: string;
}

export interface OidcResult {
  claims: Record<string, unknown>;
  idToken?: string;
}

const providerError = (provider: OidcProvider, what: string, error: unknown) =>
  new PropolisError(
    'AuthenticationError',
    `OpenID Connect provider ${provider.name}: ${what}: ${(error as Error)?.message ?? String(error)}`,
    { status: 502, cause: error },
  );

/** The library's messages down its chain of causes, with the claim they name ("aud", "exp", ...). */
function explain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const c = current as Record<string, unknown>;
    if (typeof c.message === 'string' && !parts.includes(c.message)) parts.push(c.message);
    if (typeof c.claim === 'string') parts.push(`claim ${c.claim}`);
    if (typeof c.error_description === 'string') parts.push(c.error_description);
    current = c.cause;
  }
  return parts.join(': ');
}

export class OidcRelyingParty {
  private readonly configurations = new Map<string, Promise<Configuration>>();

  private async configuration(provider: OidcProvider): Promise<Configuration> {
    let pending = this.configurations.get(provider.name);
    if (!pending) {
      pending = (async () => {
        const client = await load();
        try {
          const config = await client.discovery(
            new URL(provider.issuer),
            provider.clientId,
            provider.clientSecret || undefined,
            provider.clientSecret ? undefined : client.None(),
            {
              timeout: 10,
              execute: provider.allowInsecureRequests ? [client.allowInsecureRequests] : [],
            },
          );
          // the ID token's signature is checked too, although it comes straight from the token endpoint
          client.enableNonRepudiationChecks(config);
          return config;
        } catch (error) {
          throw providerError(provider, `cannot read the discovery document of ${provider.issuer}`, error);
        }
      })();
      this.configurations.set(provider.name, pending);
      // a failed discovery is not kept: the next sign-in tries again
      pending.catch(() => this.configurations.delete(provider.name));
    }
    return pending;
  }

  async start(provider: OidcProvider, redirectUri: string, state: string): Promise<OidcStart> {
    const config = await this.configuration(provider);
    const client = await load();
    const codeVerifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, codeVerifier, nonce };
  }

  /**
   * Exchanges the code of the callback URL for tokens and checks the ID token (signature, issuer,
   * audience, expiry, nonce); the claims are completed from the userinfo endpoint when the ID token
   * lacks the mapped fields.
   */
  async finish(
    provider: OidcProvider,
    callbackUrl: URL,
    expected: { state: string; codeVerifier: string; nonce: string },
  ): Promise<OidcResult> {
    const config = await this.configuration(provider);
    const client = await load();
    if (callbackUrl.searchParams.has('error')) {
      const error = callbackUrl.searchParams.get('error');
      const description = callbackUrl.searchParams.get('error_description');
      throw unauthenticated(
        `OpenID Connect provider ${provider.name} refused the sign-in: ${error}${description ? ` (${description})` : ''}`,
      );
    }
    let tokens: Awaited<ReturnType<OpenIdClient['authorizationCodeGrant']>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof client.ClientError || error instanceof client.ResponseBodyError)
        throw unauthenticated(
          `OpenID Connect provider ${provider.name}: the sign-in could not be verified: ${explain(error)}`,
        );
      throw providerError(provider, 'the token request failed', error);
    }
    const claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const wanted = [
      provider.fields.login,
      provider.fields.name,
      provider.fields.email,
      provider.fields.groups,
    ];
    if (
      wanted.some((field) => !(field in claims)) &&
      tokens.access_token &&
      config.serverMetadata().userinfo_endpoint
    ) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
        for (const [key, value] of Object.entries(info)) if (!(key in claims)) claims[key] = value;
      } catch (error) {
        throw providerError(provider, 'the userinfo request failed', error);
      }
    }
    return { claims, idToken: tokens.id_token };
  }

  /** Where to send the browser to end its session at the provider, when it supports RP-initiated logout. */
  async endSessionUrl(
    provider: OidcProvider,
    idToken: string | undefined,
    postLogoutRedirectUri: string,
  ): Promise<string | undefined> {
    if (!provider.logoutAtProvider) return undefined;
    const config = await this.configuration(provider);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    const client = await load();
    const params: Record<string, string> = {
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: provider.clientId,
    };
    if (idToken) params.id_token_hint = idToken;
    return client.buildEndSessionUrl(config, params).href;
  }
}
