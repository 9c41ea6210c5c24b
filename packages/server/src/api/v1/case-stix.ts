/**
 * GET /api/v1/case/{caseId}/stix: the case as a STIX 2.1 bundle (docs/misp.md#stix-21-export).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { caseStixBundle } from '../../domain/cases/case-stix.js';
import type { Deps } from '../../domain/deps.js';
import { ctx } from '../request-context.js';
import { CaseIdParams } from '../shared/params.js';
import { JsonObject, ok } from '../shared/responses.js';

export const caseStixRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/case/:caseId/stix',
      { schema: { params: CaseIdParams, response: ok(JsonObject, 'A STIX 2.1 bundle') } },
      async (request) => caseStixBundle(deps, ctx(request), request.params.caseId),
    );
  };
