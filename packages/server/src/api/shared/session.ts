/**
 * Login and logout, shared by v0 (`/api/login`, `/api/logout`) and v1 (`/api/v1/login`, ...): the
 * body, the session cookies, and the handlers that answer in each version's shape.
 */

import { LoginBody } from '@propolis/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { login, logout } from '../../domain/session/login.js';
import { getUser } from '../../domain/users/read-users.js';
import type { UserView } from '../../domain/users/user-view.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../request-context.js';

/** The body schema lives in @propolis/core (wire/administration.ts). */
export { LoginBody };

export function setSessionCookies(
  deps: Deps,
  reply: FastifyReply,
  session: { sessionToken: string; csrfToken: string },
) {
  const secure = deps.config.auth.secureCookie;
  reply.setCookie(SESSION_COOKIE, session.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure });
  reply.header('X-Propolis-XSRF-Token', session.csrfToken);
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Shared by v0 and v1: logs in and answers the user as `render` shows it (userV0 or userV1). */
export function loginHandler<T>(deps: Deps, render: (user: UserView, ctx: RequestContext) => T) {
  return async (request: { body: Static<typeof LoginBody>; ip: string; id: string }, reply: FastifyReply) => {
    const result = await login(deps, { ...request.body, address: request.ip });
    setSessionCookies(deps, reply, result);
    const context = { requestId: String(request.id), actor: result.actor };
    const user = await getUser(deps, context, 'current');
    return render(user, context);
  };
}

/** Shared by v0 (answers 200) and v1 (answers 204): ends the session and clears its cookies. */
export function logoutHandler(deps: Deps, status: 200 | 204) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[CSRF_HEADER] ?? request.headers['x-the-hive-xsrf-token'];
    const csrf = Array.isArray(header) ? header[0] : header;
    await logout(deps, request.cookies[SESSION_COOKIE], csrf);
    clearSessionCookies(reply);
    return reply.status(status).send();
  };
}
