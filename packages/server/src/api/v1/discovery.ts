/**
 * Discovery (TheHive 4/5, both API faces): `GET /describe/_all`, `GET /describe/{model}` (the
 * attributes of each model, for filters) and `GET /permission` (the permission names profiles take).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DescribeAllOutput, EntityDescription, PermissionOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { describeAll, describeOne } from '../../domain/discovery/describe.js';
import { permissionList } from '../../domain/profiles/permission-list.js';
import { ctx } from '../request-context.js';
import { list, ok } from '../shared/responses.js';

export const discoveryRoutes =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/describe/_all', { schema: { response: ok(DescribeAllOutput) } }, async (request) =>
      describeAll(deps, ctx(request)),
    );
    app.get(
      '/describe/:model',
      {
        schema: {
          params: Type.Object({ model: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: ok(EntityDescription),
        },
      },
      async (request) => describeOne(deps, ctx(request), request.params.model),
    );
    app.get('/permission', { schema: { response: ok(list(PermissionOutput)) } }, async (request) =>
      permissionList(ctx(request)),
    );
  };
