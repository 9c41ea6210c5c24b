/**
 * Authentication hook: runs before every route that is not public, resolves the caller and its
 * organisation, checks CSRF on cookie-authenticated writes, and exposes the RequestContext.
 */
import { PropolisError, unauthenticated } from '@propolis/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticated } from '../auth/authenticate.js';
import { mfaSetupRequired } from '../auth/sign-in-policy.js';
import type { RequestContext } from '../domain/context.js';
import type { Deps } from '../domain/deps.js';

export const SESSION_COOKIE = 'PROPOLIS-SESSION';
export const CSRF_COOKIE = 'PROPOLIS-XSRF-TOKEN';
export const CSRF_HEADER = 'x-propolis-xsrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a session that must set up its second factor may still call. */
const MFA_SETUP_ROUTES = new Set([
  '/api/v1/auth/totp/set',
  '/api/v1/user/current',
  '/api/user/current',
  '/api/v1/logout',
  '/api/logout',
]);

declare module 'fastify' {
  interface FastifyRequest {
    auth?: Authenticated;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (login, status, health). */
    public?: boolean;
  }
}

export function installAuthentication(app: FastifyInstance, deps: Deps): void {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    if (!request.routeOptions.url) return; // unknown route: the not-found handler answers
    const organisation = headerValue(request, 'x-organisation');
    const auth = await deps.authenticator.authenticate({
      authorization: headerValue(request, 'authorization'),
      sessionToken: request.cookies?.[SESSION_COOKIE],
      organisation,
      address: request.ip,
    });
    if (!auth)
      throw unauthenticated(
        'Authentication required: send an API key (Authorization: Bearer), Basic credentials or a session cookie',
      );
    if (auth.method === 'session' && UNSAFE.has(request.method)) {
      const sent = headerValue(request, CSRF_HEADER) ?? headerValue(request, 'x-the-hive-xsrf-token');
      if (!sent || sent !== auth.csrfToken) {
        throw new PropolisError(
          'AuthorizationError',
          `CSRF check failed: cookie-authenticated writes must send the ${CSRF_COOKIE} cookie value in the X-Propolis-XSRF-Token header`,
        );
      }
    }
    if (auth.mfaSetupRequired && !MFA_SETUP_ROUTES.has(request.routeOptions.url)) throw mfaSetupRequired();
    request.auth = auth;
  });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The context of an authenticated request; routes call this first. */
export function ctx(request: FastifyRequest): RequestContext {
  if (!request.auth) throw unauthenticated('Authentication required');
  return { requestId: String(request.id), actor: request.auth.actor };
}
