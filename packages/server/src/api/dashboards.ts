/**
 * Dashboards on both APIs (docs/dashboards.md): v1 `/api/v1/dashboard` (TheHive 5 shapes) and v0
 * `/api/dashboard` (TheHive 3/4: definition as JSON text, `_search`). Lists also through
 * `/api/v1/query` `listDashboard` / `getDashboard`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  badRequest,
  DashboardBody,
  DashboardOutputV0,
  DashboardOutputV1,
  DashboardOwnerBody,
  DashboardUpdateBody,
} from '@propolis/core';
import { Type } from 'typebox';
import {
  changeDashboardOwner,
  createDashboard,
  type DashboardView,
  deleteDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
} from '../domain/dashboards/dashboards.js';
import type { Deps } from '../domain/deps.js';
import { dashboardV0, dashboardV1 } from './presenters/dashboard.js';
import { ctx } from './request-context.js';
import { deleteById, patchById } from './shared/id-routes.js';
import { IdParams } from './shared/params.js';
import { created, list, NoContent, ok } from './shared/responses.js';

export function dashboardRoutes(deps: Deps, face: 'v0' | 'v1'): FastifyPluginAsyncTypebox {
  const render = (v: DashboardView): DashboardOutputV1 | DashboardOutputV0 =>
    face === 'v1' ? dashboardV1(v) : dashboardV0(v);
  const Output = face === 'v1' ? DashboardOutputV1 : DashboardOutputV0;
  return async (app) => {
    app.get('/dashboard', { schema: { response: ok(list(Output)) } }, async (request) =>
      (await listDashboards(deps, ctx(request))).map(render),
    );
    app.post(
      '/dashboard',
      { schema: { body: DashboardBody, response: created(Output) } },
      async (request, reply) =>
        reply.status(201).send(render(await createDashboard(deps, ctx(request), request.body))),
    );
    app.get('/dashboard/:id', { schema: { params: IdParams, response: ok(Output) } }, async (request) =>
      render(await getDashboard(deps, ctx(request), request.params.id)),
    );
    if (face === 'v1') {
      patchById(app, '/dashboard/:id', DashboardUpdateBody, (c, id, body) =>
        updateDashboard(deps, c, id, body),
      );
    } else {
      // TheHive 3/4 answer a PATCH with the dashboard
      app.patch(
        '/dashboard/:id',
        { schema: { params: IdParams, body: DashboardUpdateBody, response: ok(Output) } },
        async (request) => {
          await updateDashboard(deps, ctx(request), request.params.id, request.body);
          return render(await getDashboard(deps, ctx(request), request.params.id));
        },
      );
      app.post(
        '/dashboard/_search',
        {
          schema: {
            body: Type.Optional(Type.Object({}, { additionalProperties: true })),
            response: ok(list(Output)),
          },
        },
        async (request) => (await listDashboards(deps, ctx(request))).map(render),
      );
    }
    deleteById(app, '/dashboard/:id', (c, id) => deleteDashboard(deps, c, id));
    app.post(
      '/dashboard/:id/owner',
      { schema: { params: IdParams, body: DashboardOwnerBody, response: NoContent } },
      async (request, reply) => {
        const owner = request.body.owner ?? request.body.user;
        if (!owner) throw badRequest('owner: the login of the new owner is required');
        await changeDashboardOwner(deps, ctx(request), request.params.id, owner);
        return reply.status(204).send();
      },
    );
  };
}
