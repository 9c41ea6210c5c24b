/**
 * v0 login, logout and current user (TheHive 3/4 paths).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { logout } from '../../domain/session/login.js';
import { getUser } from '../../domain/users/read-users.js';
import { userV0 } from '../presenters/user.js';
import { ctx, SESSION_COOKIE } from '../request-context.js';
import { clearSessionCookies, LoginBody, loginHandler } from '../v1/auth.js';

export const sessionRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post('/login', { schema: { body: LoginBody }, config: { public: true } }, loginHandler(deps, 'v0'));
    const logoutHandler = async (
      request: { cookies: Record<string, string | undefined> },
      reply: FastifyReply,
    ) => {
      await logout(deps, request.cookies[SESSION_COOKIE]);
      clearSessionCookies(reply);
      return reply.status(200).send();
    };
    app.get('/logout', { config: { public: true } }, logoutHandler);
    app.post('/logout', { config: { public: true } }, logoutHandler);
    app.get('/user/current', async (request) => {
      const c = ctx(request);
      return userV0(await getUser(deps, c, 'current'), c);
    });
  };
