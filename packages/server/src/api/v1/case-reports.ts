/**
 * Case reports (docs/reports.md): `GET /case/{caseId}/report?template=&format=markdown|html|pdf`
 * and the organisation's report templates under `/caseReportTemplate` (list, create, get, update,
 * delete by id or name).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatId } from '@propolis/core';
import { Type } from 'typebox';
import type { CaseReportTemplateRow } from '../../db/repositories/case-report-templates.js';
import type { Deps } from '../../domain/deps.js';
import { caseReport } from '../../domain/reports/case-report.js';
import {
  createReportTemplate,
  deleteReportTemplateCommand,
  getReportTemplate,
  listReportTemplates,
  updateReportTemplateCommand,
} from '../../domain/reports/report-templates.js';
import { ctx } from '../request-context.js';
import { CaseIdParams, NamedIdParams } from '../shared/params.js';
import { created, FileOk, JsonObject, list, NoContent, ok } from '../shared/responses.js';

const TemplateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  content: Type.String({ minLength: 1, maxLength: 65_536 }),
});
const TemplatePatch = Type.Partial(TemplateBody);

const render = (t: CaseReportTemplateRow) => ({
  _id: formatId(t.id),
  _type: 'CaseReportTemplate',
  _createdAt: t.created_at,
  _createdBy: t.created_by,
  ...(t.updated_at !== null ? { _updatedAt: t.updated_at, _updatedBy: t.updated_by } : {}),
  name: t.name,
  description: t.description,
  content: t.content,
});

export const caseReportRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/case/:caseId/report',
      {
        schema: {
          params: CaseIdParams,
          querystring: Type.Object({
            template: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            format: Type.Optional(
              Type.Union([Type.Literal('markdown'), Type.Literal('html'), Type.Literal('pdf')]),
            ),
          }),
          response: FileOk,
        },
      },
      async (request, reply) => {
        const report = await caseReport(deps, ctx(request), request.params.caseId, request.query);
        reply.header('content-type', report.contentType);
        reply.header(
          'content-disposition',
          `${report.contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${report.filename}"`,
        );
        // an HTML report is a document of its own: no script, nothing loaded from elsewhere
        if (report.contentType.startsWith('text/html'))
          reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
        return reply.send(report.body as never);
      },
    );
    app.get('/caseReportTemplate', { schema: { response: ok(list(JsonObject)) } }, async (request) =>
      (await listReportTemplates(deps, ctx(request))).map(render),
    );
    app.post(
      '/caseReportTemplate',
      { schema: { body: TemplateBody, response: created(JsonObject) } },
      async (request, reply) =>
        reply.status(201).send(render(await createReportTemplate(deps, ctx(request), request.body))),
    );
    app.get(
      '/caseReportTemplate/:id',
      { schema: { params: NamedIdParams, response: ok(JsonObject) } },
      async (request) => render(await getReportTemplate(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/caseReportTemplate/:id',
      { schema: { params: NamedIdParams, body: TemplatePatch, response: ok(JsonObject) } },
      async (request) =>
        render(await updateReportTemplateCommand(deps, ctx(request), request.params.id, request.body)),
    );
    app.delete(
      '/caseReportTemplate/:id',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await deleteReportTemplateCommand(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
