/**
 * The live stream and the flow, on both API versions (`/api/...` and `/api/v1/...`, same shapes as
 * TheHive): `POST /stream` opens a stream (its id as text), `GET /stream/{id}` waits for its next
 * events, `GET /stream/status` tells the UI how long the session lasts, `GET /flow` lists the latest
 * actions. User guide: docs/stream.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StreamElement, StreamStatusOutput, unauthenticated } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../domain/deps.js';
import { groupByRequest, streamEvents } from '../domain/stream/audit-objects.js';
import { MAX_FLOW, readFlow } from '../domain/stream/flow.js';
import { openStream, waitOnStream } from '../domain/stream/live-stream.js';
import { streamStatus } from '../domain/stream/stream-status.js';
import type { StreamHub } from '../events/stream/stream-hub.js';
import { renderStreamElements } from './presenters/stream.js';
import { ctx } from './request-context.js';
import { list, ok, TextOk } from './shared/responses.js';

const StreamId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });
const FlowQuery = Type.Object({
  rootId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FLOW })),
});

export function streamRoutes(deps: Deps, hub: StreamHub): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/stream', { schema: { response: TextOk } }, async (request, reply) =>
      reply.type('text/plain; charset=utf-8').send(await openStream(hub, ctx(request))),
    );
    app.get('/stream/status', { schema: { response: ok(StreamStatusOutput) } }, async (request) => {
      if (!request.auth) throw unauthenticated('Authentication required');
      return streamStatus(deps, request.auth);
    });
    app.get(
      '/stream/:id',
      { schema: { response: ok(list(StreamElement)), params: StreamId } },
      async (request) => {
        const c = ctx(request);
        const rows = await waitOnStream(deps, hub, c, request.params.id);
        return renderStreamElements(deps, c, await streamEvents(deps, c, groupByRequest(rows)));
      },
    );
    app.get(
      '/flow',
      { schema: { response: ok(list(StreamElement)), querystring: FlowQuery } },
      async (request, reply) => {
        const c = ctx(request);
        const entries = await readFlow(deps, c, request.query.rootId, request.query.count ?? 10);
        return reply
          .header('X-Total', String(entries.length))
          .send(await renderStreamElements(deps, c, await streamEvents(deps, c, entries)));
      },
    );
  };
}
