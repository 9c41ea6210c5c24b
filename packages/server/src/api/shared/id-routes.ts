/**
 * The two routes most objects have under their id (`/comment/:id`, `/customEvent/:id`, ...):
 * `PATCH` with a body changes the object, `DELETE` removes it; both answer 204 once committed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from 'typebox';
import type { RequestContext } from '../../domain/context.js';
import { ctx } from '../request-context.js';
import { IdParams } from './params.js';
import { NoContent } from './responses.js';

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** `PATCH path` (ending in `:id`): `change` the object of that id with the body (schema `body`). */
export function patchById<B extends TSchema>(
  app: App,
  path: string,
  body: B,
  change: (c: RequestContext, id: string, body: Static<B>) => Promise<unknown>,
): void {
  app.patch(path, { schema: { params: IdParams, body, response: NoContent } }, async (request, reply) => {
    await change(ctx(request), request.params.id, request.body as Static<B>);
    return reply.status(204).send();
  });
}

/** `DELETE path` (ending in `:id`): `remove` the object of that id. */
export function deleteById(
  app: App,
  path: string,
  remove: (c: RequestContext, id: string) => Promise<unknown>,
): void {
  app.delete(path, { schema: { params: IdParams, response: NoContent } }, async (request, reply) => {
    await remove(ctx(request), request.params.id);
    return reply.status(204).send();
  });
}
