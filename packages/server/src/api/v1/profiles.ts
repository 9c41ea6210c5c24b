/**
 * v1 profile routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProfileBody, ProfileOutputV1, ProfileUpdateBody } from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfiles,
  updateProfile,
} from '../../domain/profiles/profiles.js';
import { profileV1 } from '../presenters/profile.js';
import { ctx } from '../request-context.js';
import { NamedIdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export const profilesRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/profile', { schema: { response: ok(list(ProfileOutputV1)) } }, async (request) =>
      (await listProfiles(deps, ctx(request))).map(profileV1),
    );
    app.post(
      '/profile',
      {
        schema: {
          response: created(ProfileOutputV1),
          body: ProfileBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(profileV1(await createProfile(deps, ctx(request), request.body))),
    );
    app.get(
      '/profile/:id',
      { schema: { response: ok(ProfileOutputV1), params: NamedIdParams } },
      async (request) => profileV1(await getProfile(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/profile/:id',
      {
        schema: {
          response: NoContent,
          params: NamedIdParams,
          body: ProfileUpdateBody,
        },
      },
      async (request, reply) => {
        await updateProfile(deps, ctx(request), request.params.id, request.body);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/profile/:id',
      { schema: { response: NoContent, params: NamedIdParams } },
      async (request, reply) => {
        await deleteProfile(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
  };
