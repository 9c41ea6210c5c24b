/**
 * The web UI's per-user state on the server (docs/ui.md): saved list views `/api/v1/view` (private
 * or shared with the organisation) and the caller's settings `/api/v1/settings`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  SavedViewBody,
  SavedViewListQuery,
  SavedViewOutput,
  SavedViewUpdateBody,
  UserSettingsBody,
  UserSettingsOutput,
} from '@propolis/core';
import type { Deps } from '../../domain/deps.js';
import {
  createSavedView,
  deleteSavedView,
  getSavedView,
  listSavedViews,
  updateSavedView,
} from '../../domain/preferences/saved-views.js';
import { getUserSettings, updateUserSettings } from '../../domain/preferences/user-settings.js';
import { savedViewV1 as render } from '../presenters/saved-view.js';
import { ctx } from '../request-context.js';
import { IdParams } from '../shared/params.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

export function preferenceRoutesV1(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/view',
      { schema: { querystring: SavedViewListQuery, response: ok(list(SavedViewOutput)) } },
      async (request) => (await listSavedViews(deps, ctx(request), request.query.entity)).map(render),
    );
    app.post(
      '/view',
      { schema: { body: SavedViewBody, response: created(SavedViewOutput) } },
      async (request, reply) =>
        reply.status(201).send(render(await createSavedView(deps, ctx(request), request.body))),
    );
    app.get('/view/:id', { schema: { params: IdParams, response: ok(SavedViewOutput) } }, async (request) =>
      render(await getSavedView(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/view/:id',
      { schema: { params: IdParams, body: SavedViewUpdateBody, response: ok(SavedViewOutput) } },
      async (request) => render(await updateSavedView(deps, ctx(request), request.params.id, request.body)),
    );
    app.delete('/view/:id', { schema: { params: IdParams, response: NoContent } }, async (request, reply) => {
      await deleteSavedView(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
    app.get('/settings', { schema: { response: ok(UserSettingsOutput) } }, async (request) =>
      getUserSettings(deps, ctx(request)),
    );
    app.patch(
      '/settings',
      { schema: { body: UserSettingsBody, response: ok(UserSettingsOutput) } },
      async (request) => updateUserSettings(deps, ctx(request), request.body),
    );
  };
}
