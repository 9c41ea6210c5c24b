/**
 * Observable type routes, the same on v0 (TheHive 4: /api/observable/type) and v1 (TheHive 4/5:
 * POST /observable/type, GET|DELETE /observable/type/{idOrName}); each face renders its own shape.
 * The list comes through the query engine (listObservableType); GET /observable/type also lists.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateObservableTypeBody, ObservableTypeOutputV0, ObservableTypeOutputV1 } from '@propolis/core';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import type { Deps } from '../../domain/deps.js';
import { createObservableType } from '../../domain/observable-types/create-observable-type.js';
import { deleteObservableType } from '../../domain/observable-types/delete-observable-type.js';
import {
  getObservableType,
  getObservableTypes,
} from '../../domain/observable-types/read-observable-types.js';
import { observableTypeV0, observableTypeV1 } from '../presenters/observable-type.js';
import { ctx } from '../request-context.js';
import { IdOrNameParams } from './params.js';
import { created, list, NoContent, ok } from './responses.js';

/** The body schema lives in @propolis/core (wire/administration.ts). */
export { CreateObservableTypeBody };

/** The same routes for both faces; only the rendering differs. */
export const observableTypeRoutes =
  (deps: Deps, face: 'v0' | 'v1'): FastifyPluginAsyncTypebox =>
  async (app) => {
    const render: (t: ObservableTypeRow) => ObservableTypeOutputV1 | ObservableTypeOutputV0 =
      face === 'v1' ? observableTypeV1 : observableTypeV0;
    const output = face === 'v1' ? ObservableTypeOutputV1 : ObservableTypeOutputV0;
    app.get('/observable/type', { schema: { response: ok(list(output)) } }, async (request) => {
      ctx(request);
      return (await getObservableTypes(deps)).map(render);
    });
    app.post(
      '/observable/type',
      { schema: { response: created(output), body: CreateObservableTypeBody } },
      async (request, reply) =>
        reply.status(201).send(render(await createObservableType(deps, ctx(request), request.body))),
    );
    app.get(
      '/observable/type/:idOrName',
      { schema: { response: ok(output), params: IdOrNameParams } },
      async (request) => {
        ctx(request);
        return render(await getObservableType(deps, request.params.idOrName));
      },
    );
    app.delete(
      '/observable/type/:idOrName',
      { schema: { response: NoContent, params: IdOrNameParams } },
      async (request, reply) => {
        await deleteObservableType(deps, ctx(request), request.params.idOrName);
        return reply.status(204).send();
      },
    );
  };
