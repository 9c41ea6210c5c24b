/**
 * POST /api/v1/stix/import?as=alert|case: a STIX 2.1 bundle (the JSON body) becomes an alert
 * (201, the alert) or a case (201, the case) with its observables; an invalid bundle is a 400
 * listing its problems (docs/stix-taxii.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AlertOutputV1, CaseOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import { importStixBundle } from '../../domain/intel/import-stix.js';
import { renderAlertsV1 } from '../presenters/alert-render.js';
import { renderCasesV1 } from '../presenters/case-render.js';
import { ctx } from '../request-context.js';
import { JsonObject } from '../shared/responses.js';

export const stixImportRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/stix/import',
      {
        schema: {
          querystring: Type.Object({
            as: Type.Optional(Type.Union([Type.Literal('alert'), Type.Literal('case')])),
            caseTemplate: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          }),
          body: JsonObject,
          response: { 201: Type.Union([AlertOutputV1, CaseOutputV1]) },
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const result = await importStixBundle(deps, c, request.body, {
          as: request.query.as ?? 'alert',
          caseTemplate: request.query.caseTemplate,
        });
        const [out] =
          'case' in result
            ? await renderCasesV1(deps, c, [result.case])
            : await renderAlertsV1(deps, c, [result.alert]);
        return reply.status(201).send(out as never);
      },
    );
  };
