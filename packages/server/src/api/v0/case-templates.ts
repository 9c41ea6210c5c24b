/**
 * v0 case templates (TheHive 3/4): POST|GET /case/template, POST /case/template/_search,
 * GET|PATCH|DELETE /case/template/{idOrName}. TLP is on the 0–3 scale, tasks carry `owner`,
 * `status` and `metrics` are accepted and ignored.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseTemplateOutputV0, TaskBodyV0, tlpFromV0 } from '@propolis/core';
import { type Static, Type } from 'typebox';
import { createCaseTemplate } from '../../domain/case-templates/create-case-template.js';
import { deleteCaseTemplate } from '../../domain/case-templates/delete-case-template.js';
import { getCaseTemplate, listCaseTemplates } from '../../domain/case-templates/read-case-templates.js';
import type { CaseTemplateInput } from '../../domain/case-templates/template-input.js';
import { updateCaseTemplate } from '../../domain/case-templates/update-case-template.js';
import type { RequestContext } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { caseTemplateV0 } from '../presenters/case-template.js';
import { ctx } from '../request-context.js';
import { taskFromV0 } from '../schemas/task.js';
import { CaseTemplateFields } from '../shared/case-template-request.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';
import { searchList } from './search-memory.js';

const CaseTemplateBodyV0 = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 128 })),
  ...CaseTemplateFields,
  tasks: Type.Optional(Type.Array(TaskBodyV0, { maxItems: 500 })),
  status: Type.Optional(Type.String({ maxLength: 16 })),
  metrics: Type.Optional(Type.Unknown()),
});
type CaseTemplateBodyV0 = Static<typeof CaseTemplateBodyV0>;

/** v0 body → command input; `currentTlp` keeps AMBER+STRICT when a v0 client writes back the AMBER it read. */
function fromV0(
  { tasks, tlp, status: _status, metrics: _metrics, ...rest }: CaseTemplateBodyV0,
  currentTlp?: number | null,
): CaseTemplateInput {
  return {
    ...rest,
    ...(tlp !== undefined ? { tlp: tlp === null ? null : tlpFromV0(tlp, currentTlp ?? undefined) } : {}),
    ...(tasks !== undefined ? { tasks: tasks.map(taskFromV0) } : {}),
  };
}

export const caseTemplatesRoutesV0 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const search = async (c: RequestContext, query: unknown, params: { range?: unknown; sort?: unknown }) => {
      const all = (await listCaseTemplates(deps, c)).map(caseTemplateV0);
      return searchList(all, query, params);
    };
    app.post(
      '/case/template',
      { schema: { response: created(CaseTemplateOutputV0), body: CaseTemplateBodyV0 } },
      async (request, reply) =>
        reply
          .status(201)
          .send(caseTemplateV0(await createCaseTemplate(deps, ctx(request), fromV0(request.body)))),
    );
    app.get(
      '/case/template',
      { schema: { response: ok(list(CaseTemplateOutputV0)) } },
      async (request, reply) => {
        const q = request.query as { range?: string; sort?: string | string[] };
        const { page, total } = await search(ctx(request), undefined, {
          range: q.range ?? 'all',
          sort: q.sort,
        });
        return reply.header('X-Total', String(total)).send(page as CaseTemplateOutputV0[]);
      },
    );
    // thehive4py 1.x: find_case_templates (?range=all&nparent=0, {"query": q}) and
    // get_case_template ({"query": {"_field": "name", "_value": name}}, and `status: "Ok"` for v3).
    app.post(
      '/case/template/_search',
      { schema: { response: ok(list(CaseTemplateOutputV0)) } },
      async (request, reply) => {
        const body = (request.body ?? {}) as { query?: unknown; range?: unknown; sort?: unknown };
        const q = request.query as { range?: string; sort?: string | string[] };
        const { page, total } = await search(ctx(request), body.query, {
          range: q.range ?? body.range ?? 'all',
          sort: q.sort ?? body.sort,
        });
        return reply.header('X-Total', String(total)).send(page as CaseTemplateOutputV0[]);
      },
    );
    app.get(
      '/case/template/:id',
      { schema: { response: ok(CaseTemplateOutputV0), params: NamedIdParams } },
      async (request) => caseTemplateV0(await getCaseTemplate(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/case/template/:id',
      { schema: { response: ok(CaseTemplateOutputV0), params: NamedIdParams, body: CaseTemplateBodyV0 } },
      async (request) => {
        const c = ctx(request);
        const current =
          request.body.tlp === undefined ? undefined : await getCaseTemplate(deps, c, request.params.id);
        return caseTemplateV0(
          await updateCaseTemplate(deps, c, request.params.id, fromV0(request.body, current?.tlp)),
        );
      },
    );
    app.delete(
      '/case/template/:id',
      { schema: { response: NoContent, params: NamedIdParams } },
      async (request, reply) => {
        await deleteCaseTemplate(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
