/**
 * v0 login, logout and current user (TheHive 3/4 paths).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UserOutputV0 } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import { getUser } from '../../domain/users/read-users.js';
import { userV0 } from '../presenters/user.js';
import { ctx } from '../request-context.js';
import { EmptyOk, ok } from '../shared/responses.js';
import { LoginBody, loginHandler, logoutHandler } from '../shared/session.js';

export const sessionRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/login',
      { schema: { response: ok(UserOutputV0), body: LoginBody }, config: { public: true } },
      loginHandler(deps, userV0),
    );
    app.get('/logout', { schema: { response: EmptyOk }, config: { public: true } }, logoutHandler(deps, 200));
    app.post(
      '/logout',
      { schema: { response: EmptyOk }, config: { public: true } },
      logoutHandler(deps, 200),
    );
    app.get('/user/current', { schema: { response: ok(UserOutputV0) } }, async (request) => {
      const c = ctx(request);
      return userV0(await getUser(deps, c, 'current'), c);
    });
  };
