/**
 * The live stream and the flow, on both API versions (`/api/...` and `/api/v1/...`, same shapes as
 * TheHive): `POST /stream` opens a stream (its id as text), `GET /stream/{id}` waits for its next
 * events, `GET /stream/status` tells the UI how long the session lasts, `GET /flow` lists the latest
 * actions. User guide: docs/stream.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../domain/deps.js';
import { MAX_FLOW, readFlow } from '../domain/stream/flow.js';
import { openStream, waitOnStream } from '../domain/stream/live-stream.js';
import { flowElement, streamElements } from './presenters/stream.js';
import { ctx } from './request-context.js';

const StreamId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });
const FlowQuery = Type.Object({
  rootId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FLOW })),
});

export function streamRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/stream', async (request, reply) =>
      reply.type('text/plain; charset=utf-8').send(await openStream(deps, ctx(request))),
    );
    app.get('/stream/status', async () => ({
      remaining: deps.config.auth.sessionTimeoutMinutes * 60,
      warning: false,
    }));
    app.get('/stream/:id', { schema: { params: StreamId } }, async (request) =>
      streamElements(await waitOnStream(deps, ctx(request), request.params.id)),
    );
    app.get('/flow', { schema: { querystring: FlowQuery } }, async (request, reply) => {
      const entries = await readFlow(deps, ctx(request), request.query.rootId, request.query.count ?? 10);
      return reply
        .header('X-Total', String(entries.length))
        .send(entries.map((e) => flowElement(e.main, e.rows)));
    });
  };
}
