/**
 * v1 case templates (TheHive 4/5): GET|POST /caseTemplate, GET|PATCH|DELETE /caseTemplate/{idOrName}.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseTemplateBodyV1, CaseTemplateOutputV1, CaseTemplateUpdateV1 } from '@propolis/core';
import { createCaseTemplate } from '../../domain/case-templates/create-case-template.js';
import { deleteCaseTemplate } from '../../domain/case-templates/delete-case-template.js';
import { getCaseTemplate, listCaseTemplates } from '../../domain/case-templates/read-case-templates.js';
import { updateCaseTemplate } from '../../domain/case-templates/update-case-template.js';
import type { Deps } from '../../domain/deps.js';
import { caseTemplateV1 } from '../presenters/case-template.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const caseTemplatesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/caseTemplate', { schema: { response: ok(list(CaseTemplateOutputV1)) } }, async (request) =>
      (await listCaseTemplates(deps, ctx(request))).map(caseTemplateV1),
    );
    app.post(
      '/caseTemplate',
      { schema: { response: created(CaseTemplateOutputV1), body: CaseTemplateBodyV1 } },
      async (request, reply) =>
        reply.status(201).send(caseTemplateV1(await createCaseTemplate(deps, ctx(request), request.body))),
    );
    app.get(
      '/caseTemplate/:id',
      { schema: { response: ok(CaseTemplateOutputV1), params: NamedIdParams } },
      async (request) => caseTemplateV1(await getCaseTemplate(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/caseTemplate/:id',
      { schema: { response: NoContent, params: NamedIdParams, body: CaseTemplateUpdateV1 } },
      async (request, reply) => {
        await updateCaseTemplate(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/caseTemplate/:id',
      { schema: { response: NoContent, params: NamedIdParams } },
      async (request, reply) => {
        await deleteCaseTemplate(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
