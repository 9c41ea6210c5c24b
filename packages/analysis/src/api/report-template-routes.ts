/**
 * TheHive 4's analyzer report template routes on the connector (`/analyzer/template...` under
 * `/api/connector/cortex` and `/api/v1/connector/cortex`), with Liquid templates instead of
 * AngularJS ones. `content/{analyzerId}` answers the template's source as plain text (it is never
 * served as HTML: the rendered report is `/job/{id}/report/{kind}`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { badRequest, matchesFilter, notFound, parseV0Query } from '@propolis/core';
import { ctx, isMultipartRequest, readMultipart } from '@propolis/server/extension';
import { Type } from 'typebox';
import type { ReportTemplateRow } from '../db/report-templates.js';
import type { Analysis } from '../domain/analysis.js';
import {
  changeTemplate,
  createTemplate,
  getTemplate,
  importTemplates,
  listTemplates,
  removeTemplate,
  storedTemplate,
} from '../domain/report-templates.js';
import { fieldsOf } from './request.js';
import * as S from './schemas.js';

const Template = Type.Object(
  {
    _id: Type.String(),
    id: Type.String(),
    _type: Type.String(),
    analyzerId: Type.String(),
    reportType: Type.String(),
    content: Type.String(),
  },
  { additionalProperties: true },
);
const NewTemplate = Type.Object(
  {
    analyzerId: Type.String({ maxLength: 255 }),
    reportType: Type.Optional(Type.String({ maxLength: 8 })),
    content: Type.String({ maxLength: 300_000 }),
  },
  { additionalProperties: false },
);

const json = (r: ReportTemplateRow) => ({
  _id: `~${r.id}`,
  id: `~${r.id}`,
  _type: 'analyzerTemplate',
  analyzerId: r.analyzer_id,
  reportType: r.report_type,
  content: r.content,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.updated_at !== null ? { updatedBy: r.updated_by, updatedAt: r.updated_at } : {}),
});

export const reportTemplateRoutes =
  (a: Analysis): FastifyPluginAsyncTypebox =>
  async (app) => {
    const P = '/analyzer/template';
    app.get(P, { schema: { response: { 200: Type.Array(Template) } } }, async (request, reply) => {
      ctx(request);
      const list = (await listTemplates(a)).map(json);
      return reply.header('X-Total', String(list.length)).send(list);
    });
    app.post(
      `${P}/_search`,
      { schema: { body: S.SearchBody, response: { 200: Type.Array(Template) } } },
      async (request, reply) => {
        ctx(request);
        const filter = parseV0Query(fieldsOf(request).query ?? {});
        const list = (await listTemplates(a)).map(json).filter((t) => matchesFilter(filter, t, 'id'));
        return reply.header('X-Total', String(list.length)).send(list);
      },
    );
    app.get(
      `${P}/content/:analyzerId`,
      {
        schema: {
          params: Type.Object({ analyzerId: Type.String({ maxLength: 255 }) }),
          querystring: Type.Object({ reportType: Type.Optional(Type.String({ maxLength: 8 })) }),
        },
      },
      async (request, reply) => {
        ctx(request);
        const type = request.query.reportType ?? 'long';
        const row = await storedTemplate(a, request.params.analyzerId, type);
        if (!row) throw notFound(`No ${type} template for ${request.params.analyzerId}`);
        return reply
          .type('text/plain; charset=utf-8')
          .header('x-content-type-options', 'nosniff')
          .send(row.content);
      },
    );
    app.post(`${P}/_import`, async (request, reply) => {
      const c = ctx(request);
      if (!isMultipartRequest(request))
        throw badRequest('Send the zip as multipart/form-data, in a part named templates');
      const body = await readMultipart(request);
      const zip = body.files.find((f) => f.field === 'templates') ?? body.files[0];
      if (!zip)
        throw badRequest('templates: a zip of <analyzer>/long.liquid and short.liquid files is required');
      return reply.send(await importTemplates(a, c, zip.bytes));
    });
    app.get(`${P}/:id`, { schema: { params: S.IdParams, response: { 200: Template } } }, async (request) => {
      ctx(request);
      return json(await getTemplate(a, request.params.id));
    });
    app.post(P, { schema: { body: NewTemplate, response: { 201: Template } } }, async (request, reply) =>
      reply.status(201).send(json(await createTemplate(a, ctx(request), request.body))),
    );
    app.patch(
      `${P}/:id`,
      {
        schema: {
          params: S.IdParams,
          body: Type.Object(
            { content: Type.String({ maxLength: 300_000 }) },
            { additionalProperties: false },
          ),
          response: { 200: Template },
        },
      },
      async (request) => json(await changeTemplate(a, ctx(request), request.params.id, request.body.content)),
    );
    app.delete(`${P}/:id`, { schema: { params: S.IdParams } }, async (request, reply) => {
      await removeTemplate(a, ctx(request), request.params.id);
      return reply.status(204).send();
    });
  };
