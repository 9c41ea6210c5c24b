/**
 * v1 case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`): the built-in ones and the
 * organisation's own.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CustomStatusBody,
  type CustomStatusOutput,
  CustomStatusOutput as StatusSchema,
  UpdateCustomStatusBody,
} from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createStatus,
  listStatuses,
  removeStatus,
  type StatusKind,
  type StatusView,
  updateStatus,
} from '../../domain/statuses/statuses.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

const statusV1 = (s: StatusView): CustomStatusOutput => ({
  _id: s.id,
  _type: s.kind === 'case' ? 'CaseStatus' : 'AlertStatus',
  value: s.value,
  stage: s.stage,
  colour: s.colour,
  order: s.order,
  hidden: s.hidden,
  builtin: s.builtin,
});

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
