/**
 * Feeders (issue 16), platform administration: GET|POST /feeder, GET|PATCH|DELETE /feeder/{name},
 * GET /feeder/{name}/failures; and the public POST /feeder/{name}/webhook, authenticated by the
 * feeder's own token (Authorization: Bearer <token> or X-Feeder-Token), not by a user.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  FeederBody,
  FeederFailureOutput,
  FeederFailuresQuery,
  FeederOutput,
  FeederPatch,
  FeederWebhookOutput,
} from '@propolis/core';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { getFeeder, getFeederFailures, listFeeders } from '../../domain/feeders/read-feeders.js';
import { receiveWebhook } from '../../domain/feeders/receive-webhook.js';
import { createFeeder, deleteFeeder, updateFeeder } from '../../domain/feeders/write-feeders.js';
import { ctx } from '../request-context.js';
import { created, NoContent, ok } from '../shared/responses.js';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
function webhookToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-feeder-token'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = request.headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m?.[1]?.trim();
}

export const feedersRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/feeder', { schema: { response: ok(Type.Array(FeederOutput)) } }, async (request) =>
      listFeeders(deps, ctx(request)),
    );
    app.post(
      '/feeder',
      { schema: { body: FeederBody, response: created(FeederOutput) } },
      async (request, reply) => reply.status(201).send(await createFeeder(deps, ctx(request), request.body)),
    );
    app.get(
      '/feeder/:name',
      { schema: { params: NameParams, response: ok(FeederOutput) } },
      async (request) => getFeeder(deps, ctx(request), request.params.name),
    );
    app.patch(
      '/feeder/:name',
      { schema: { params: NameParams, body: FeederPatch, response: ok(FeederOutput) } },
      async (request) => updateFeeder(deps, ctx(request), request.params.name, request.body),
    );
    app.delete(
      '/feeder/:name',
      { schema: { params: NameParams, response: NoContent } },
      async (request, reply) => {
        await deleteFeeder(deps, ctx(request), request.params.name);
        return reply.status(204).send();
      },
    );
    app.get(
      '/feeder/:name/failures',
      {
        schema: {
          params: NameParams,
          querystring: FeederFailuresQuery,
          response: ok(Type.Array(FeederFailureOutput)),
        },
      },
      async (request) =>
        getFeederFailures(deps, ctx(request), request.params.name, request.query.limit ?? 100),
    );
    app.post(
      '/feeder/:name/webhook',
      { config: { public: true }, schema: { params: NameParams, response: created(FeederWebhookOutput) } },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await receiveWebhook(
              deps,
              request.params.name,
              webhookToken(request),
              request.body,
              String(request.id),
            ),
          ),
    );
  };
