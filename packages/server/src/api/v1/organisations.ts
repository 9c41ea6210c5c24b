/**
 * v1 organisation routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrganisationBody, OrganisationOutputV1, OrganisationUpdateBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createOrganisation,
  getOrganisation,
  listOrganisations,
  updateOrganisation,
} from '../../domain/organisations/organisations.js';
import { organisationV1 } from '../presenters/organisation.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const organisationsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/organisation', { schema: { response: ok(list(OrganisationOutputV1)) } }, async (request) =>
      (await listOrganisations(deps, ctx(request))).map(organisationV1),
    );
    app.post(
      '/organisation',
      {
        schema: {
          response: created(OrganisationOutputV1),
          body: OrganisationBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(organisationV1(await createOrganisation(deps, ctx(request), request.body))),
    );
    app.get(
      '/organisation/:id',
      { schema: { response: ok(OrganisationOutputV1), params: NamedIdParams } },
      async (request) => organisationV1(await getOrganisation(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/organisation/:id',
      {
        schema: {
          response: NoContent,
          params: NamedIdParams,
          body: OrganisationUpdateBody,
        },
      },
      async (request, reply) => {
        await updateOrganisation(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
  };
