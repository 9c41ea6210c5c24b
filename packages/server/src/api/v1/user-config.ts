/**
 * The caller's own configuration (`GET /config/user`, `GET|PUT /config/user/{path}`, on both API
 * faces as in TheHive 4/5) and users' avatars as images (`GET /user/{id}/avatar`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UserConfigBody, UserConfigOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { userAvatar } from '../../domain/users/user-avatar.js';
import { getUserConfig, listUserConfig, setUserConfig } from '../../domain/users/user-config.js';
import { ctx } from '../request-context.js';
import { UserIdParams } from '../shared/params.js';
import { list, ok } from '../shared/responses.js';

const PathParams = Type.Object({ path: Type.String({ minLength: 1, maxLength: 128 }) });

export const userConfigRoutes =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/config/user', { schema: { response: ok(list(UserConfigOutput)) } }, async (request) =>
      listUserConfig(deps, ctx(request)),
    );
    app.get(
      '/config/user/:path',
      { schema: { params: PathParams, response: ok(UserConfigOutput) } },
      async (request) => getUserConfig(deps, ctx(request), request.params.path),
    );
    app.put(
      '/config/user/:path',
      { schema: { params: PathParams, body: UserConfigBody, response: ok(UserConfigOutput) } },
      async (request) => setUserConfig(deps, ctx(request), request.params.path, request.body.value),
    );
    app.get(
      '/user/:id/avatar',
      {
        schema: {
          params: UserIdParams,
          response: { 200: { description: 'the image', content: { 'image/*': { schema: Type.String() } } } },
        },
      },
      async (request, reply) => {
        const avatar = await userAvatar(deps, ctx(request), request.params.id);
        return reply
          .header('content-type', avatar.contentType)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=300')
          .send(avatar.bytes as unknown as string);
      },
    );
  };
