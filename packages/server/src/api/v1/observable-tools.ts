/**
 * v1 observable operations of TheHive 5 (docs/observables.md): merge a case's duplicates,
 * observables two cases or alerts have in common, retype every observable of a type.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ObservableMergeOutput, ObservableOutputV1, ObservableRetypeOutput } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { mergeCaseDuplicates } from '../../domain/observables/merge-duplicates.js';
import { retypeObservables } from '../../domain/observables/retype-observables.js';
import { similarObservablesBetween } from '../../domain/observables/similar-between.js';
import { observableV1 } from '../presenters/observable.js';
import { ctx } from '../request-context.js';
import { IdParams } from '../shared/params.js';
import { list, ok } from '../shared/responses.js';

const SimilarParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 512 }),
  otherId: Type.String({ minLength: 1, maxLength: 512 }),
});
const TypeParams = Type.Object({
  from: Type.String({ minLength: 1, maxLength: 128 }),
  to: Type.String({ minLength: 1, maxLength: 128 }),
});

export const observableToolsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:id/observable/_merge',
      { schema: { params: IdParams, response: ok(ObservableMergeOutput) } },
      async (request) => mergeCaseDuplicates(deps, ctx(request), request.params.id),
    );
    for (const kind of ['case', 'alert'] as const)
      app.get(
        `/${kind}/:id/similar/:otherId/observables`,
        { schema: { params: SimilarParams, response: ok(list(ObservableOutputV1)) } },
        async (request) =>
          (
            await similarObservablesBetween(
              deps,
              ctx(request),
              kind,
              request.params.id,
              request.params.otherId,
            )
          ).map(observableV1),
      );
    app.put(
      '/observable/type/update/:from/:to',
      { schema: { params: TypeParams, response: ok(ObservableRetypeOutput) } },
      async (request) => retypeObservables(deps, ctx(request), request.params.from, request.params.to),
    );
  };
