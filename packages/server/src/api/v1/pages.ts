/**
 * v1 pages (TheHive 5): case pages, the organisation's knowledge-base pages (`/page`), page
 * templates (`/pageTemplate`) and their link to case templates. Lists go through `/api/v1/query`
 * (`getCase` → `pages`, `listOrganisationPage`, `listPageTemplate`, `getCaseTemplate` →
 * `pageTemplates`); the GET routes here are conveniences.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  LinkPageTemplatesBody,
  PageBody,
  PageOutput,
  PageTemplateOutput,
  UpdatePageBody,
} from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import { createPage, deletePage, getPage, listPagesOf, updatePage } from '../../domain/pages/case-pages.js';
import {
  createPageTemplate,
  deletePageTemplate,
  linkPageTemplates,
  listPageTemplates,
  updatePageTemplate,
  visiblePageTemplate,
} from '../../domain/pages/page-templates.js';
import { pageTemplateV1, pageV1 } from '../presenters/page.js';
import { ctx } from '../request-context.js';
import { CasePageParams } from '../shared/collaboration-params.js';
import { CaseIdParams, IdParams, NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const pagesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // case pages
    app.post(
      '/case/:caseId/page',
      { schema: { params: CaseIdParams, body: PageBody, response: created(PageOutput) } },
      async (request, reply) => {
        const row = await createPage(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(201).send(pageV1(row));
      },
    );
    app.get(
      '/case/:caseId/page',
      { schema: { params: CaseIdParams, response: ok(list(PageOutput)) } },
      async (request) => (await listPagesOf(deps, ctx(request), request.params.caseId)).map((r) => pageV1(r)),
    );
    app.get(
      '/case/:caseId/page/:pageId',
      { schema: { params: CasePageParams, response: ok(PageOutput) } },
      async (request) =>
        pageV1(await getPage(deps, ctx(request), request.params.caseId, request.params.pageId)),
    );
    app.patch(
      '/case/:caseId/page/:pageId',
      { schema: { params: CasePageParams, body: UpdatePageBody, response: NoContent } },
      async (request, reply) => {
        await updatePage(deps, ctx(request), request.params.caseId, request.params.pageId, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/case/:caseId/page/:pageId',
      { schema: { params: CasePageParams, response: NoContent } },
      async (request, reply) => {
        await deletePage(deps, ctx(request), request.params.caseId, request.params.pageId);
        return reply.status(204).send();
      },
    );

    // knowledge-base pages of the organisation
    app.post(
      '/page',
      { schema: { body: PageBody, response: created(PageOutput) } },
      async (request, reply) => {
        const row = await createPage(deps, ctx(request), null, request.body);
        return reply.status(201).send(pageV1(row));
      },
    );
    app.get('/page', { schema: { response: ok(list(PageOutput)) } }, async (request) =>
      (await listPagesOf(deps, ctx(request), null)).map((r) => pageV1(r)),
    );
    app.get('/page/:id', { schema: { params: IdParams, response: ok(PageOutput) } }, async (request) =>
      pageV1(await getPage(deps, ctx(request), null, request.params.id)),
    );
    app.patch(
      '/page/:id',
      { schema: { params: IdParams, body: UpdatePageBody, response: NoContent } },
      async (request, reply) => {
        await updatePage(deps, ctx(request), null, request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete('/page/:id', { schema: { params: IdParams, response: NoContent } }, async (request, reply) => {
      await deletePage(deps, ctx(request), null, request.params.id);
      return reply.status(204).send();
    });

    // page templates
    app.post(
      '/pageTemplate',
      { schema: { body: PageBody, response: created(PageTemplateOutput) } },
      async (request, reply) => {
        const row = await createPageTemplate(deps, ctx(request), request.body);
        return reply.status(201).send(pageTemplateV1(row));
      },
    );
    app.get('/pageTemplate', { schema: { response: ok(list(PageTemplateOutput)) } }, async (request) =>
      (await listPageTemplates(deps, ctx(request))).map((r) => pageTemplateV1(r)),
    );
    app.get(
      '/pageTemplate/:id',
      { schema: { params: NamedIdParams, response: ok(PageTemplateOutput) } },
      async (request) => pageTemplateV1(await visiblePageTemplate(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/pageTemplate/:id',
      { schema: { params: NamedIdParams, body: UpdatePageBody, response: NoContent } },
      async (request, reply) => {
        await updatePageTemplate(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/pageTemplate/:id',
      { schema: { params: NamedIdParams, response: NoContent } },
      async (request, reply) => {
        await deletePageTemplate(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.put(
      '/caseTemplate/:id/pageTemplate/link',
      { schema: { params: NamedIdParams, body: LinkPageTemplatesBody, response: NoContent } },
      async (request, reply) => {
        await linkPageTemplates(deps, ctx(request), request.params.id, request.body.pageTemplateIds);
        return reply.status(204).send();
      },
    );
  };
