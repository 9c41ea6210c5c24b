/**
 * v1 case routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseBodyV1, CaseOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import { applyCaseTemplate } from '../../domain/cases/apply-case-template.js';
import { createCase } from '../../domain/cases/create-case.js';
import { deleteCase } from '../../domain/cases/delete-case.js';
import { deleteCaseCustomFieldValue } from '../../domain/cases/delete-case-custom-field.js';
import { visibleCase } from '../../domain/cases/guards.js';
import { mergeCases } from '../../domain/cases/merge-cases.js';
import { getCase } from '../../domain/cases/read-cases.js';
import { bulkUpdateCases, updateCase } from '../../domain/cases/update-case.js';
import type { Deps } from '../../domain/deps.js';
import { renderCasesV1 } from '../presenters/case-render.js';
import { ctx } from '../request-context.js';
import { caseFromV1 } from '../schemas/case.js';
import { bulkThroughShares } from '../share-writes.js';
import { IdParams } from '../shared/params.js';
import { created, NoContent, ok } from '../shared/responses.js';

export const casesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case',
      { schema: { response: created(CaseOutputV1), body: CaseBodyV1 } },
      async (request, reply) => {
        const c = ctx(request);
        const view = await createCase(deps, c, caseFromV1(request.body));
        const [out] = await renderCasesV1(deps, c, [view]);
        return reply.status(201).send(out!);
      },
    );
    app.post(
      '/case/_merge/:ids',
      {
        schema: {
          response: created(CaseOutputV1),
          params: Type.Object({ ids: Type.String({ minLength: 1, maxLength: 4096 }) }),
        },
      },
      async (request, reply) => {
        const c = ctx(request);
        const [out] = await renderCasesV1(deps, c, [
          await mergeCases(deps, c, request.params.ids.split(',')),
        ]);
        return reply.status(201).send(out!);
      },
    );
    app.get('/case/:id', { schema: { response: ok(CaseOutputV1), params: IdParams } }, async (request) => {
      const c = ctx(request);
      const [out] = await renderCasesV1(deps, c, [await getCase(deps, c, request.params.id)]);
      return out;
    });
    app.patch(
      '/case/_bulk',
      {
        schema: {
          response: NoContent,
          body: Type.Evaluate(
            Type.Intersect([
              CaseBodyV1,
              Type.Object({ ids: Type.Array(Type.String(), { minItems: 1, maxItems: 1000 }) }),
            ]),
          ),
        },
      },
      async (request, reply) => {
        const { ids, ...fields } = request.body;
        await bulkThroughShares(deps, request, 'case', ids, (c, part, d) =>
          bulkUpdateCases(d, c, part, caseFromV1(fields)),
        );
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/_bulk/caseTemplate',
      {
        schema: {
          response: NoContent,
          body: Type.Object(
            {
              ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 1000 }),
              caseTemplate: Type.String({ minLength: 1, maxLength: 128 }),
              updateTitlePrefix: Type.Optional(Type.Boolean()),
              updateDescription: Type.Optional(Type.Boolean()),
              updateTags: Type.Optional(Type.Boolean()),
              updateSeverity: Type.Optional(Type.Boolean()),
              updateFlag: Type.Optional(Type.Boolean()),
              updateTlp: Type.Optional(Type.Boolean()),
              updatePap: Type.Optional(Type.Boolean()),
              updateCustomFields: Type.Optional(Type.Boolean()),
              importTasks: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 1000 })),
              importPages: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 1000 })),
            },
            { additionalProperties: false, description: 'TheHive 5 InputApplyCaseTemplate' },
          ),
        },
      },
      async (request, reply) => {
        await applyCaseTemplate(deps, ctx(request), request.body);
        return reply.status(204).send();
      },
    );
    app.patch(
      '/case/:id',
      { schema: { response: NoContent, params: IdParams, body: CaseBodyV1 } },
      async (request, reply) => {
        const c = ctx(request);
        const current = await visibleCase(deps.db, c, request.params.id);
        await updateCase(deps, c, request.params.id, caseFromV1(request.body, current));
        return reply.status(204).send();
      },
    );
    app.delete(
      '/case/customField/:id',
      { schema: { response: NoContent, params: IdParams } },
      async (request, reply) => {
        await deleteCaseCustomFieldValue(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.delete('/case/:id', { schema: { response: NoContent, params: IdParams } }, async (request, reply) => {
      await deleteCase(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
  };
