/**
 * v1 user routes (TheHive 4/5 paths and shapes).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangePasswordBody,
  CreateUserBody,
  SetPasswordBody,
  UpdateUserBody,
  UserOrganisationsBody,
  UserOrganisationsOutput,
  UserOutputV1,
} from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { getApiKey, renewApiKey, revokeApiKey } from '../../domain/users/api-key.js';
import { createUser } from '../../domain/users/create-user.js';
import { forceDeleteUser, lockUser } from '../../domain/users/delete-user.js';
import { changePassword, setPassword } from '../../domain/users/passwords.js';
import { getUser } from '../../domain/users/read-users.js';
import { updateUser } from '../../domain/users/update-user.js';
import { setUserOrganisations } from '../../domain/users/user-organisations.js';
import { userV1 } from '../presenters/user.js';
import { ctx } from '../request-context.js';
import { UserIdParams } from '../shared/params.js';
import { created, NoContent, ok, TextOk } from '../shared/responses.js';

/** The body schemas live in @propolis/core (wire/administration.ts). */
export { UpdateUserBody };

export const usersRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/user/current', { schema: { response: ok(UserOutputV1) } }, async (request) => {
      const c = ctx(request);
      return userV1(await getUser(deps, c, 'current'), c);
    });
    app.post(
      '/user',
      { schema: { response: created(UserOutputV1), body: CreateUserBody } },
      async (request, reply) => {
        const c = ctx(request);
        return reply.status(201).send(userV1(await createUser(deps, c, request.body), c));
      },
    );
    app.get(
      '/user/:id',
      { schema: { response: ok(UserOutputV1), params: UserIdParams } },
      async (request) => {
        const c = ctx(request);
        return userV1(await getUser(deps, c, request.params.id), c);
      },
    );
    app.patch(
      '/user/:id',
      { schema: { response: NoContent, params: UserIdParams, body: UpdateUserBody } },
      async (request, reply) => {
        await updateUser(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/user/:id',
      { schema: { response: NoContent, params: UserIdParams } },
      async (request, reply) => {
        await lockUser(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/user/:id/force',
      {
        schema: {
          response: NoContent,
          params: UserIdParams,
          querystring: Type.Object({ organisation: Type.Optional(Type.String()) }),
        },
      },
      async (request, reply) => {
        await forceDeleteUser(deps, ctx(request), request.params.id, request.query.organisation);
        return reply.status(204).send();
      },
    );
    app.post(
      '/user/:id/password/set',
      {
        schema: {
          response: NoContent,
          params: UserIdParams,
          body: SetPasswordBody,
        },
      },
      async (request, reply) => {
        await setPassword(deps, ctx(request), request.params.id, request.body.password);
        return reply.status(204).send();
      },
    );
    app.post(
      '/user/:id/password/change',
      {
        schema: {
          response: NoContent,
          params: UserIdParams,
          body: ChangePasswordBody,
        },
      },
      async (request, reply) => {
        await changePassword(
          deps,
          ctx(request),
          request.params.id,
          request.body.password,
          request.body.currentPassword,
        );
        return reply.status(204).send();
      },
    );
    app.get('/user/:id/key', { schema: { response: TextOk, params: UserIdParams } }, async (request) =>
      getApiKey(deps, ctx(request), request.params.id),
    );
    app.post(
      '/user/:id/key/renew',
      { schema: { response: TextOk, params: UserIdParams } },
      async (request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .send(await renewApiKey(deps, ctx(request), request.params.id)),
    );
    app.delete(
      '/user/:id/key',
      { schema: { response: NoContent, params: UserIdParams } },
      async (request, reply) => {
        await revokeApiKey(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.put(
      '/user/:id/organisations',
      {
        schema: {
          response: ok(UserOrganisationsOutput),
          params: UserIdParams,
          body: UserOrganisationsBody,
        },
      },
      async (request) => {
        const c = ctx(request);
        const user = await setUserOrganisations(deps, c, request.params.id, request.body.organisations);
        return {
          organisations: user.memberships.map((m) => ({
            organisation: m.organisation,
            profile: m.profile,
            default: m.organisationId === user.defaultOrganisationId,
          })),
        };
      },
    );
  };
