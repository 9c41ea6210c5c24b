/**
 * Sharing between organisations, on both API versions (`/api/...` and `/api/v1/...`, TheHive 4 and
 * 5 use the same paths): organisation links, sharing profiles, shares of cases, tasks and
 * observables, the owner change and case access restrictions. User guide: docs/sharing.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkCaseAccessBody,
  CaseAccessBody,
  CaseOwnerBody,
  OrganisationLinkBody,
  OrganisationLinksBody,
  OrganisationOutputV1,
  OrganisationsBody,
  ShareOutputV1,
  SharesBody,
  ShareUpdateBody,
  SharingProfileOutput,
} from '@propolis/core';
import { Type } from 'typebox';
import type { Deps } from '../domain/deps.js';
import { setCaseAccess } from '../domain/sharing/case-access.js';
import { changeCaseOwner } from '../domain/sharing/case-owner.js';
import {
  linkOrganisations,
  listLinks,
  setLinks,
  unlinkOrganisations,
} from '../domain/sharing/organisation-links.js';
import {
  changeShareProfile,
  listCaseShares,
  removeShare,
  shareCase,
  unshareCase,
} from '../domain/sharing/share-case.js';
import { itemShares, shareItem } from '../domain/sharing/share-items.js';
import { SHARING_PROFILES } from '../domain/sharing/sharing-profiles.js';
import { organisationV1 } from './presenters/organisation.js';
import { shareV1, sharingProfileV1 } from './presenters/share.js';
import { ctx } from './request-context.js';
import { deleteById } from './shared/id-routes.js';
import { IdParams, LinkParams, NamedIdParams } from './shared/params.js';
import { created, list, NoContent, ok } from './shared/responses.js';

export function sharingRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/sharingProfile', { schema: { response: ok(list(SharingProfileOutput)) } }, async () =>
      SHARING_PROFILES.map(sharingProfileV1),
    );

    // organisation links
    app.get(
      '/organisation/:id/links',
      { schema: { params: NamedIdParams, response: ok(list(OrganisationOutputV1)) } },
      async (request) =>
        (await listLinks(deps, ctx(request), request.params.id)).map((l) => ({
          ...organisationV1({
            id: l.linked_id,
            name: l.name,
            description: l.description,
            created_at: l.created_at,
            created_by: l.created_by,
            updated_at: l.updated_at,
            updated_by: l.updated_by,
          }),
          linkType: l.link_type,
        })),
    );
    app.put(
      '/organisation/:id/links',
      { schema: { params: NamedIdParams, body: OrganisationLinksBody, response: NoContent } },
      async (request, reply) => {
        await setLinks(deps, ctx(request), request.params.id, request.body.links);
        return reply.status(204).send();
      },
    );
    app.put(
      '/organisation/:id/link/:other',
      { schema: { params: LinkParams, body: Type.Optional(OrganisationLinkBody), response: NoContent } },
      async (request, reply) => {
        const { id, other } = request.params;
        await linkOrganisations(deps, ctx(request), id, other, request.body ?? {});
        return reply.status(204).send();
      },
    );
    app.delete(
      '/organisation/:id/link/:other',
      { schema: { params: LinkParams, response: NoContent } },
      async (request, reply) => {
        await unlinkOrganisations(deps, ctx(request), request.params.id, request.params.other);
        return reply.status(204).send();
      },
    );

    // case shares
    app.get(
      '/case/:id/shares',
      { schema: { params: IdParams, response: ok(list(ShareOutputV1)) } },
      async (request) => (await listCaseShares(deps, ctx(request), request.params.id)).map(shareV1),
    );
    app.post(
      '/case/:id/shares',
      { schema: { params: IdParams, body: SharesBody, response: created(list(ShareOutputV1)) } },
      async (request, reply) =>
        reply
          .status(201)
          .send((await shareCase(deps, ctx(request), request.params.id, request.body.shares)).map(shareV1)),
    );
    app.put(
      '/case/:id/shares',
      { schema: { params: IdParams, body: SharesBody, response: ok(list(ShareOutputV1)) } },
      async (request) =>
        (await shareCase(deps, ctx(request), request.params.id, request.body.shares, { replace: true })).map(
          shareV1,
        ),
    );
    app.delete(
      '/case/:id/shares',
      { schema: { params: IdParams, body: OrganisationsBody, response: NoContent } },
      async (request, reply) => {
        await unshareCase(deps, ctx(request), request.params.id, request.body.organisations);
        return reply.status(204).send();
      },
    );
    deleteById(app, '/case/share/:id', (c, id) => removeShare(deps, c, id));
    app.patch(
      '/case/share/:id',
      { schema: { params: IdParams, body: ShareUpdateBody, response: NoContent } },
      async (request, reply) => {
        await changeShareProfile(deps, ctx(request), request.params.id, request.body.profile);
        return reply.status(204).send();
      },
    );

    // task and observable shares
    for (const kind of ['task', 'observable'] as const) {
      app.get(
        `/${kind}/:id/shares`,
        { schema: { params: IdParams, response: ok(list(ShareOutputV1)) } },
        async (request) =>
          (await itemShares(deps, ctx(request), { kind, id: request.params.id })).map(shareV1),
      );
      for (const [method, add] of [
        ['post', true],
        ['delete', false],
      ] as const) {
        app[method](
          `/${kind}/:id/shares`,
          { schema: { params: IdParams, body: OrganisationsBody, response: NoContent } },
          async (request, reply) => {
            await shareItem(
              deps,
              ctx(request),
              { kind, id: request.params.id },
              request.body.organisations,
              add,
            );
            return reply.status(204).send();
          },
        );
      }
    }

    // owner and access
    app.post(
      '/case/:id/owner',
      { schema: { params: IdParams, body: CaseOwnerBody, response: NoContent } },
      async (request, reply) => {
        await changeCaseOwner(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/:id/access',
      { schema: { params: IdParams, body: CaseAccessBody, response: NoContent } },
      async (request, reply) => {
        await setCaseAccess(deps, ctx(request), [request.params.id], request.body.access);
        return reply.status(204).send();
      },
    );
    app.post(
      '/case/_bulk/access',
      { schema: { body: BulkCaseAccessBody, response: NoContent } },
      async (request, reply) => {
        await setCaseAccess(deps, ctx(request), request.body.ids, request.body.access);
        return reply.status(204).send();
      },
    );
  };
}
