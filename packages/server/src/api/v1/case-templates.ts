/**
 * v1 case templates (TheHive 4/5): GET|POST /caseTemplate, GET|PATCH|DELETE /caseTemplate/{idOrName}.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCaseTemplate } from '../../domain/case-templates/create-case-template.js';
import { deleteCaseTemplate } from '../../domain/case-templates/delete-case-template.js';
import { getCaseTemplate, listCaseTemplates } from '../../domain/case-templates/read-case-templates.js';
import { updateCaseTemplate } from '../../domain/case-templates/update-case-template.js';
import type { Deps } from '../../domain/deps.js';
import { caseTemplateV1 } from '../presenters/case-template.js';
import { ctx } from '../request-context.js';
import { Int32 } from '../schemas/ranges.js';
import { TaskBodyV1 } from '../schemas/task.js';

export const TemplateId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);
/** Any accepted custom-field form: v1 list, `{name: value}` object, v0 `{name: {"<type>": value, "order": n}}` map. */
export const CustomFieldsInput = Type.Union([
  Type.Array(Type.Unknown(), { maxItems: 500 }),
  Type.Record(Type.String(), Type.Unknown()),
  Type.Null(),
]);

export const CaseTemplateFields = {
  displayName: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  titlePrefix: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1_048_576 }))),
  severity: Type.Optional(Nullable(Int32())),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 500 })),
  flag: Type.Optional(Type.Boolean()),
  tlp: Type.Optional(Nullable(Int32())),
  pap: Type.Optional(Nullable(Int32())),
  summary: Type.Optional(Nullable(Type.String({ maxLength: 1_048_576 }))),
  customFields: Type.Optional(CustomFieldsInput),
};

const CaseTemplateBodyV1 = Type.Object({
  name: Type.String({ maxLength: 128 }),
  ...CaseTemplateFields,
  tasks: Type.Optional(Type.Array(TaskBodyV1, { maxItems: 500 })),
});
const CaseTemplateUpdateV1 = Type.Partial(CaseTemplateBodyV1);

export const caseTemplatesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/caseTemplate', async (request) =>
      (await listCaseTemplates(deps, ctx(request))).map(caseTemplateV1),
    );
    app.post('/caseTemplate', { schema: { body: CaseTemplateBodyV1 } }, async (request, reply) =>
      reply.status(201).send(caseTemplateV1(await createCaseTemplate(deps, ctx(request), request.body))),
    );
    app.get('/caseTemplate/:id', { schema: { params: TemplateId } }, async (request) =>
      caseTemplateV1(await getCaseTemplate(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/caseTemplate/:id',
      { schema: { params: TemplateId, body: CaseTemplateUpdateV1 } },
      async (request, reply) => {
        await updateCaseTemplate(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete('/caseTemplate/:id', { schema: { params: TemplateId } }, async (request, reply) => {
      await deleteCaseTemplate(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
  };
