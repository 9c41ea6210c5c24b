/**
 * v1 case timeline and its custom events (TheHive 5).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomEventBody, CustomEventOutput, TimelineOutput, UpdateCustomEventBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createCustomEvent,
  deleteCustomEvent,
  updateCustomEvent,
} from '../../domain/timeline/custom-events.js';
import { readTimeline } from '../../domain/timeline/read-timeline.js';
import { customEventV1, timelineV1 } from '../presenters/timeline.js';
import { ctx } from '../request-context.js';
import { deleteById, patchById } from '../shared/id-routes.js';
import { CaseIdParams } from '../shared/params.js';
import { created, ok } from '../shared/responses.js';

export const timelineRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/case/:caseId/timeline',
      { schema: { params: CaseIdParams, response: ok(TimelineOutput) } },
      async (request) => timelineV1(await readTimeline(deps, ctx(request), request.params.caseId)),
    );
    app.post(
      '/case/:caseId/customEvent',
      { schema: { params: CaseIdParams, body: CustomEventBody, response: created(CustomEventOutput) } },
      async (request, reply) => {
        const row = await createCustomEvent(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(201).send(customEventV1(row));
      },
    );
    patchById(app, '/customEvent/:id', UpdateCustomEventBody, (c, id, body) =>
      updateCustomEvent(deps, c, id, body),
    );
    deleteById(app, '/customEvent/:id', (c, id) => deleteCustomEvent(deps, c, id));
  };
