/**
 * v1 case links (TheHive 5): link types, case ↔ case and external links, and taking an alert out
 * of a case. `GET /case/{id}/links` (observables.ts) lists linked cases, hand-made links first.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseLinkBody, UrlLinkBody } from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../../domain/deps.js';
import {
  addCaseLink,
  addExternalLink,
  linkTypes,
  removeCaseLink,
  removeExternalLink,
  unlinkAlertFromCase,
} from '../../domain/links/case-links.js';
import { ctx } from '../request-context.js';
import { CaseAlertParams } from '../shared/collaboration-params.js';
import { CaseIdParams } from '../shared/params.js';
import { list, NoContent, ok } from '../shared/responses.js';

export const caseLinksRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/case/link/types', { schema: { response: ok(list(Type.String())) } }, async (request) =>
      linkTypes(deps, ctx(request)),
    );
    app.post(
      '/case/:caseId/link/case/add',
      { schema: { params: CaseIdParams, body: CaseLinkBody, response: NoContent } },
      async (request, reply) => {
        await addCaseLink(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/:caseId/link/case/remove',
      { schema: { params: CaseIdParams, body: CaseLinkBody, response: NoContent } },
      async (request, reply) => {
        await removeCaseLink(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/:caseId/link/external/add',
      { schema: { params: CaseIdParams, body: UrlLinkBody, response: NoContent } },
      async (request, reply) => {
        await addExternalLink(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/:caseId/link/external/remove',
      { schema: { params: CaseIdParams, body: UrlLinkBody, response: NoContent } },
      async (request, reply) => {
        await removeExternalLink(deps, ctx(request), request.params.caseId, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/case/:caseId/alert/:alertId',
      { schema: { params: CaseAlertParams, response: NoContent } },
      async (request, reply) => {
        await unlinkAlertFromCase(deps, ctx(request), request.params.caseId, request.params.alertId);
        return reply.status(204).send();
      },
    );
  };
