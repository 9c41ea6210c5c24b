/**
 * v0 case routes (TheHive 3/4 shapes).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseBodyV0, CaseOutputV0 } from '@propolis/core';
import { Type } from 'typebox';
import { createCase } from '../../domain/cases/create-case.js';
import { deleteCase } from '../../domain/cases/delete-case.js';
import { visibleCase } from '../../domain/cases/guards.js';
import { mergeCases } from '../../domain/cases/merge-cases.js';
import { getCase } from '../../domain/cases/read-cases.js';
import { bulkUpdateCases, updateCase } from '../../domain/cases/update-case.js';
import type { Deps } from '../../domain/deps.js';
import { renderCasesV0 } from '../presenters/case-render.js';
import { ctx } from '../request-context.js';
import { caseFromV0 } from '../schemas/case.js';
import { bulkThroughShares } from '../share-writes.js';
import { IdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

const Stats = Type.Object({ nstats: Type.Optional(Type.String()) });

export const casesRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case',
      { schema: { response: created(CaseOutputV0), body: CaseBodyV0 } },
      async (request, reply) => {
        const c = ctx(request);
        const [out] = await renderCasesV0(deps, c, [await createCase(deps, c, caseFromV0(request.body))]);
        return reply.status(201).send(out!);
      },
    );
    // GET /case, POST /case/_search and /case/_stats are served by the query engine (v0/search.ts).
    app.post(
      '/case/:id/_merge/:other',
      {
        schema: {
          response: created(CaseOutputV0),
          params: Type.Object({ id: Type.String({ maxLength: 64 }), other: Type.String({ maxLength: 64 }) }),
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const [out] = await renderCasesV0(deps, c, [
          await mergeCases(deps, c, [request.params.id, request.params.other]),
        ]);
        return reply.status(201).send(out!);
      },
    );
    app.get(
      '/case/:id',
      { schema: { response: ok(CaseOutputV0), params: IdParams, querystring: Stats } },
      async (request) => {
        const c = ctx(request);
        const stats = request.query.nstats === 'true' || request.query.nstats === '1';
        const [out] = await renderCasesV0(deps, c, [await getCase(deps, c, request.params.id)], { stats });
        return out;
      },
    );
    app.patch(
      '/case/_bulk',
      {
        schema: {
          response: ok(list(CaseOutputV0)),
          body: Type.Evaluate(
            Type.Intersect([
              CaseBodyV0,
              Type.Object({ ids: Type.Array(Type.String(), { minItems: 1, maxItems: 1000 }) }),
            ]),
          ),
        },
      },
      async (request) => {
        const c = ctx(request);
        const { ids, ...fields } = request.body;
        const updated = await bulkThroughShares(deps, request, 'case', ids, (w, part, d) =>
          bulkUpdateCases(d, w, part, caseFromV0(fields)),
        );
        return renderCasesV0(deps, c, updated);
      },
    );
    app.patch(
      '/case/:id',
      { schema: { response: ok(CaseOutputV0), params: IdParams, body: CaseBodyV0 } },
      async (request) => {
        const c = ctx(request);
        const current = await visibleCase(deps.db, c, request.params.id);
        const [out] = await renderCasesV0(deps, c, [
          await updateCase(deps, c, request.params.id, caseFromV0(request.body, current)),
        ]);
        return out;
      },
    );
    const remove = async (
      request: { params: { id: string } } & Parameters<typeof ctx>[0],
      reply: { status(n: number): { send(): unknown } },
    ) => {
      await deleteCase(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    };
    app.delete('/case/:id', { schema: { response: NoContent, params: IdParams } }, remove);
    app.delete('/case/:id/force', { schema: { response: NoContent, params: IdParams } }, remove);
  };
