/**
 * POST /api/v1/stix/export: the observables of a case (`{"caseId": …}`), of an alert
 * (`{"alertId": …}`) or found by an observable query (`{"query": [{"_name": "listObservable"}, …]}`,
 * the language of POST /api/v1/query) as a STIX 2.1 bundle (docs/stix-taxii.md). The header
 * `X-Stix-Skipped` counts the observables STIX has no type for.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, parseId } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import {
  exportStixBundle,
  MAX_EXPORTED_OBSERVABLES,
  type StixExportSource,
} from '../../domain/intel/export-stix.js';
import { ctx } from '../request-context.js';
import { JsonObject, ok } from '../shared/responses.js';
import { runQuery } from './query.js';

const Body = Type.Object(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    alertId: Type.Optional(Type.String({ minLength: 1, maxLength: 600 })),
    query: Type.Optional(
      Type.Array(Type.Object({ _name: Type.String() }, { additionalProperties: true }), {
        minItems: 1,
        maxItems: 50,
      }),
    ),
  },
  { additionalProperties: false },
);

export const stixExportRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/stix/export',
      { schema: { body: Body, response: ok(JsonObject, 'A STIX 2.1 bundle') } },
      async (request, reply) => {
        const c = ctx(request);
        const { caseId, alertId, query } = request.body;
        const given = [caseId, alertId, query].filter((v) => v !== undefined).length;
        if (given !== 1)
          throw badRequest(
            'give exactly one of caseId, alertId or query (an observable query, e.g. [{"_name": "listObservable"}])',
          );
        let source: StixExportSource;
        if (caseId !== undefined) source = { caseId };
        else if (alertId !== undefined) source = { alertId };
        else {
          const found = await runQuery(deps, c, [
            ...(query as Record<string, unknown>[]),
            { _name: 'page', from: 0, to: MAX_EXPORTED_OBSERVABLES, extraData: ['total'] },
          ]);
          const items = Array.isArray(found.body) ? (found.body as Record<string, unknown>[]) : [];
          if (!Array.isArray(found.body) || items.some((i) => i._type !== 'Observable'))
            throw badRequest(
              'query: must find observables (start it with listObservable, or go to observables)',
            );
          if ((found.total ?? 0) > MAX_EXPORTED_OBSERVABLES)
            throw badRequest(
              `query: it finds ${found.total} observables, more than the ${MAX_EXPORTED_OBSERVABLES} of one export; narrow its filter`,
            );
          source = {
            observableIds: items
              .map((i) => parseId(String(i._id)))
              .filter((n): n is number => n !== undefined),
          };
        }
        const { bundle, skipped } = await exportStixBundle(deps, c, source);
        reply.header('X-Stix-Skipped', String(skipped));
        return bundle;
      },
    );
  };
