/**
 * v1 login, logout and TOTP routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { login, logout } from '../../domain/session/login.js';
import { getUser } from '../../domain/users/read-users.js';
import { setTotp, unsetTotp } from '../../domain/users/totp.js';
import { userV0, userV1 } from '../presenters/user.js';
import { CSRF_COOKIE, CSRF_HEADER, ctx, SESSION_COOKIE } from '../request-context.js';

export const LoginBody = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 255 }),
  password: Type.String({ maxLength: 1024 }),
  organisation: Type.Optional(Type.String({ maxLength: 128 })),
  code: Type.Optional(Type.String({ maxLength: 16 })),
});

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

/** Shared by v0 and v1: logs in and answers the user in the requested version's shape. */
export function loginHandler(deps: Deps, version: 'v0' | 'v1') {
  return async (request: { body: Static<typeof LoginBody>; ip: string; id: string }, reply: FastifyReply) => {
    const result = await login(deps, { ...request.body, address: request.ip });
    setSessionCookies(deps, reply, result);
    const context = { requestId: String(request.id), actor: result.actor };
    const user = await getUser(deps, context, 'current');
    return version === 'v1' ? userV1(user, context) : userV0(user, context);
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

export const authRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/login', { schema: { body: LoginBody }, config: { public: true } }, loginHandler(deps, 'v1'));

    app.get('/logout', { config: { public: true } }, logoutHandler(deps, 204));
    app.post('/logout', { config: { public: true } }, logoutHandler(deps, 204));

    app.post(
      '/auth/totp/set',
      {
        schema: {
          body: Type.Object({
            secret: Type.Optional(Type.String({ maxLength: 256 })),
            code: Type.Optional(Type.String({ maxLength: 16 })),
          }),
        },
        // The first step is usually sent without a body: validate it as an empty object.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => setTotp(deps, ctx(request), request.body),
    );
    app.post('/auth/totp/unset', async (request, reply) => {
      await unsetTotp(deps, ctx(request));
      return reply.status(204).send();
    });
    app.post(
      '/auth/totp/unset/:user',
      { schema: { params: Type.Object({ user: Type.String() }) } },
      async (request, reply) => {
        await unsetTotp(deps, ctx(request), request.params.user);
        return reply.status(204).send();
      },
    );
  };
