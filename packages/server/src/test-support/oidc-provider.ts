/**
 * A real OpenID Connect provider for tests (the certified `oidc-provider` package) on 127.0.0.1:
 * its development login form accepts any password for the accounts given, puts the profile claims
 * (groups included) in the ID token, supports PKCE and RP-initiated logout, and signs with a key the
 * test holds, so a test can also hand out ID tokens of its own (expired, for another audience).
 */
import type { KeyObject, webcrypto } from 'node:crypto';
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export interface TestOidcProvider {
  issuer: string;
  /** Signs an ID token with the provider's key (for tampering tests). */
  privateKey: KeyObject | webcrypto.CryptoKey;
  kid: string;
  /** Rewrites the token endpoint's answers while set. */
  rewriteTokens?: (
    body: Record<string, unknown>,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startOidcProvider(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: Record<string, Record<string, unknown>>;
}): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key';
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email'],
    },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...(options.accounts[id] ?? { preferred_username: id }) }),
    }),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key'] },
  });
  const handle: TestOidcProvider = {
    issuer,
    privateKey,
    kid,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && handle.rewriteTokens && ctx.body && typeof ctx.body === 'object')
      ctx.body = await handle.rewriteTokens(ctx.body as Record<string, unknown>);
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(options.port, '127.0.0.1', () => resolve(s));
  });
  return handle;
}
