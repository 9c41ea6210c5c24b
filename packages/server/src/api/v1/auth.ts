/**
 * v1 login, logout and TOTP routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TotpSetBody, UserOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { setTotp, unsetTotp } from '../../domain/users/totp.js';
import { userV1 } from '../presenters/user.js';
import { ctx } from '../request-context.js';
import { JsonObject, NoContent, ok } from '../shared/responses.js';
import { LoginBody, loginHandler, logoutHandler } from '../shared/session.js';

export const authRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/login',
      { schema: { response: ok(UserOutputV1), body: LoginBody }, config: { public: true } },
      loginHandler(deps, userV1),
    );

    app.get(
      '/logout',
      { schema: { response: NoContent }, config: { public: true } },
      logoutHandler(deps, 204),
    );
    app.post(
      '/logout',
      { schema: { response: NoContent }, config: { public: true } },
      logoutHandler(deps, 204),
    );

    app.post(
      '/auth/totp/set',
      {
        schema: {
          response: ok(JsonObject),
          body: TotpSetBody,
        },
        // The first step is usually sent without a body: validate it as an empty object.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => setTotp(deps, ctx(request), request.body),
    );
    app.post('/auth/totp/unset', { schema: { response: NoContent } }, async (request, reply) => {
      await unsetTotp(deps, ctx(request));
      return reply.status(204).send();
    });
    app.post(
      '/auth/totp/unset/:user',
      { schema: { response: NoContent, params: Type.Object({ user: Type.String() }) } },
      async (request, reply) => {
        await unsetTotp(deps, ctx(request), request.params.user);
        return reply.status(204).send();
      },
    );
  };
