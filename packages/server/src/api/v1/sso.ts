/**
 * Single sign-on routes (docs/sso.md): the browser leaves for an OpenID Connect or SAML provider and
 * comes back to a callback that opens a session as a local login does (session cookie and CSRF
 * token), then lands on the page it started from. Trusted-header sign-in opens the same session from
 * the reverse proxy's header. Logout ends the session and tells where to end it at the provider.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound, PropolisError, unauthenticated } from '@propolis/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { identityFrom } from '../../auth/sso/identity.js';
import { OidcRelyingParty } from '../../auth/sso/oidc.js';
import { SamlServiceProvider, type SamlUrls } from '../../auth/sso/saml.js';
import type { OidcProvider, SamlProvider } from '../../auth/sso/sso-config.js';
import { isTrustedProxy } from '../../auth/sso/trusted-header.js';
import { newSecret } from '../../auth/tokens.js';
import type { Deps } from '../../domain/deps.js';
import { logout } from '../../domain/session/login.js';
import {
  beginSsoRequest,
  finishSsoRequest,
  samlRequestStore,
  ssoSignIn,
} from '../../domain/session/sso-sign-in.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../request-context.js';
import { JsonObject, ok } from '../shared/responses.js';
import { clearSessionCookies, setSessionCookies } from '../shared/session.js';

/** Binds a pending OpenID Connect sign-in to the browser that started it (no login CSRF). */
const STATE_COOKIE = 'PROPOLIS-SSO-STATE';
const Provider = Type.Object({ provider: Type.String({ maxLength: 64 }) });
const Redirect = Type.Object({ redirect: Type.Optional(Type.String({ maxLength: 2048 })) });
/** A redirect to the next step (the provider, or the page after the sign-in), or a refusal with its reason. */
const Found = {
  302: Type.Unsafe<undefined>({ type: 'null', description: 'Redirect to the next step (Location)' }),
  401: {
    description: 'The sign-in is refused',
    content: {
      'application/json': {
        schema: Type.Object({ type: Type.String(), message: Type.String() }),
      },
    },
  },
};
/** What an OpenID Connect provider adds to the callback URL. */
const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 8192 })),
  state: Type.Optional(Type.String({ maxLength: 1024 })),
  iss: Type.Optional(Type.String({ maxLength: 2048 })),
  session_state: Type.Optional(Type.String({ maxLength: 1024 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 2048 })),
  error_uri: Type.Optional(Type.String({ maxLength: 2048 })),
});
const pub = { public: true };

/** Only a path of this site: anything else (another host, `//host`, a scheme) goes to `/`. */
export function localPath(value: string | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return [...value].some((c) => c.charCodeAt(0) < 32) ? '/' : value;
}

export const ssoRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const sso = deps.config.auth.sso;
    const oidc = new OidcRelyingParty();
    const saml = new SamlServiceProvider((provider) => samlRequestStore(deps, provider));
    const base = (request: FastifyRequest) =>
      deps.config.publicUrl || `${request.protocol}://${request.host}`;

    const oidcProvider = (name: string): OidcProvider => {
      const p = sso.oidc.find((o) => o.name === name);
      if (!p) throw notFound(`No OpenID Connect provider is named ${name}`);
      return p;
    };
    const samlProvider = (name: string): SamlProvider => {
      const p = sso.saml.find((o) => o.name === name);
      if (!p) throw notFound(`No SAML provider is named ${name}`);
      return p;
    };
    const samlUrls = (request: FastifyRequest, p: SamlProvider): SamlUrls => ({
      callbackUrl: `${base(request)}/api/v1/sso/saml/${p.name}/acs`,
      entityId: p.entityId || `${base(request)}/api/v1/sso/saml/${p.name}/metadata`,
    });
    const signedIn = async (
      request: FastifyRequest,
      reply: FastifyReply,
      result: Awaited<ReturnType<typeof ssoSignIn>>,
      to: string,
    ) => {
      setSessionCookies(deps, reply, result);
      request.log.info({ login: result.actor.login }, 'single sign-on');
      return reply.redirect(localPath(to), 302);
    };

    app.get(
      '/sso/oidc/:provider/login',
      { schema: { params: Provider, querystring: Redirect, response: Found }, config: pub },
      async (request, reply) => {
        const provider = oidcProvider(request.params.provider);
        const redirectUri = `${base(request)}/api/v1/sso/oidc/${provider.name}/callback`;
        // the state is recorded first, with what the callback needs filled in below
        const state = newSecret();
        const start = await oidc.start(provider, redirectUri, state);
        await beginSsoRequest(
          deps,
          provider.name,
          {
            codeVerifier: start.codeVerifier,
            nonce: start.nonce,
            redirectUri,
            to: localPath(request.query.redirect),
          },
          state,
        );
        reply.setCookie(STATE_COOKIE, state, {
          path: '/api/v1/sso',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.auth.secureCookie,
          maxAge: 600,
        });
        return reply.redirect(start.url, 302);
      },
    );

    app.get(
      '/sso/oidc/:provider/callback',
      {
        schema: {
          params: Provider,
          querystring: CallbackQuery,
          response: Found,
        },
        config: pub,
      },
      async (request, reply) => {
        const provider = oidcProvider(request.params.provider);
        const { state } = request.query;
        const cookie = request.cookies[STATE_COOKIE];
        reply.clearCookie(STATE_COOKIE, { path: '/api/v1/sso' });
        if (!state || !cookie || cookie !== state)
          throw unauthenticated(
            'Single sign-on: this answer does not belong to a sign-in started by this browser: start again',
          );
        const pending = await finishSsoRequest(deps, provider.name, state);
        if (!pending)
          throw unauthenticated('Single sign-on: the sign-in expired or was already used: start again');
        const callbackUrl = new URL(request.url, String(pending.redirectUri));
        const result = await oidc.finish(provider, callbackUrl, {
          state,
          codeVerifier: String(pending.codeVerifier),
          nonce: String(pending.nonce),
        });
        const identity = identityFrom(result.claims, provider.fields);
        const session = await ssoSignIn(deps, provider, identity, {
          requestId: String(request.id),
          idToken: result.idToken,
        });
        return signedIn(request, reply, session, String(pending.to));
      },
    );

    app.get(
      '/sso/saml/:provider/login',
      { schema: { params: Provider, querystring: Redirect, response: Found }, config: pub },
      async (request, reply) => {
        const provider = samlProvider(request.params.provider);
        const url = await saml.loginUrl(
          provider,
          samlUrls(request, provider),
          localPath(request.query.redirect),
        );
        return reply.redirect(url, 302);
      },
    );

    await app.register(async (acs) => {
      // the IdP posts an HTML form (HTTP-POST binding)
      acs.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      acs.post(
        '/sso/saml/:provider/acs',
        {
          schema: {
            params: Provider,
            body: Type.Object({ SAMLResponse: Type.String(), RelayState: Type.Optional(Type.String()) }),
            response: Found,
          },
          config: pub,
        },
        async (request, reply) => {
          const params = request.params as { provider: string };
          const body = request.body as { SAMLResponse: string; RelayState?: string };
          const provider = samlProvider(params.provider);
          const claims = await saml.acceptResponse(provider, samlUrls(request, provider), body);
          const identity = identityFrom(claims, provider.fields);
          const session = await ssoSignIn(deps, provider, identity, { requestId: String(request.id) });
          return signedIn(request, reply, session, body.RelayState ?? '/');
        },
      );
    });

    app.get(
      '/sso/saml/:provider/metadata',
      {
        schema: {
          params: Provider,
          response: {
            200: {
              description: 'SAML service provider metadata',
              content: { 'application/samlmetadata+xml': { schema: Type.String() } },
            },
          },
        },
        config: pub,
      },
      async (request, reply) => {
        const provider = samlProvider(request.params.provider);
        const xml = await saml.metadata(provider, samlUrls(request, provider));
        return reply.type('application/samlmetadata+xml').send(xml);
      },
    );

    app.get(
      '/sso/header/login',
      { schema: { querystring: Redirect, response: Found }, config: pub },
      async (request, reply) => {
        const { header } = sso;
        if (!header.enabled) throw notFound('Trusted-header authentication is not enabled on this server');
        const address = request.socket.remoteAddress;
        const raw = request.headers[header.userHeader.toLowerCase()];
        const login = Array.isArray(raw) ? raw[0] : raw;
        if (!isTrustedProxy(address, header.proxies)) {
          request.log.warn({ address }, `${header.userHeader} refused: not from a configured proxy`);
          throw new PropolisError(
            'AuthenticationError',
            `The ${header.userHeader} header is only accepted from the configured reverse proxies, not from ${address}`,
          );
        }
        if (!login) throw unauthenticated(`The reverse proxy sent no ${header.userHeader} header`);
        const provider = {
          name: 'header',
          label: header.label,
          autoCreate: false,
          fields: { login: 'login', name: 'name', email: 'email', groups: 'groups' },
          organisations: [],
        };
        const session = await ssoSignIn(
          deps,
          provider,
          { login, groups: [] },
          { requestId: String(request.id) },
        );
        return signedIn(request, reply, session, request.query.redirect ?? '/');
      },
    );

    /**
     * Ends the session (with its CSRF token, as every logout) and answers where the browser goes to
     * end its session at the identity provider too (`redirect`), when the session came from one.
     */
    app.post('/sso/logout', { schema: { response: ok(JsonObject) }, config: pub }, async (request, reply) => {
      const header = request.headers[CSRF_HEADER] ?? request.headers['x-the-hive-xsrf-token'];
      const csrf = Array.isArray(header) ? header[0] : header;
      const ended = await logout(deps, request.cookies[SESSION_COOKIE], csrf);
      clearSessionCookies(reply);
      const provider = sso.oidc.find((p) => p.name === ended?.sso_provider);
      const redirect = provider
        ? await oidc
            .endSessionUrl(provider, ended?.sso_id_token ?? undefined, `${base(request)}/`)
            .catch(() => undefined)
        : undefined;
      return { redirect: redirect ?? null };
    });
  };
