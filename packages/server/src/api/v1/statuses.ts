/**
 * v1 case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`): the built-in ones and the
 * organisation's own.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomStatusBody, CustomStatusOutput as StatusSchema, UpdateCustomStatusBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createStatus,
  listStatuses,
  removeStatus,
  type StatusKind,
  updateStatus,
} from '../../domain/statuses/statuses.js';
import { statusV1 } from '../presenters/status.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const statusesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    for (const [path, kind] of [
      ['/caseStatus', 'case'],
      ['/alertStatus', 'alert'],
    ] as Array<[string, StatusKind]>) {
      app.get(path, { schema: { response: ok(list(StatusSchema)) } }, async (request) =>
        (await listStatuses(deps, ctx(request), kind)).map(statusV1),
      );
      app.post(
        path,
        { schema: { body: CustomStatusBody, response: created(StatusSchema) } },
        async (request, reply) =>
          reply.status(201).send(statusV1(await createStatus(deps, ctx(request), kind, request.body))),
      );
      app.patch(
        `${path}/:id`,
        { schema: { params: NamedIdParams, body: UpdateCustomStatusBody, response: NoContent } },
        async (request, reply) => {
          await updateStatus(deps, ctx(request), kind, request.params.id, request.body);
          return reply.status(204).send();
        },
      );
      app.delete(
        `${path}/:id`,
        { schema: { params: NamedIdParams, response: NoContent } },
        async (request, reply) => {
          await removeStatus(deps, ctx(request), kind, request.params.id);
          return reply.status(204).send();
        },
      );
    }
  };
