/**
 * The alert routes that v0 and v1 serve alike but for their paths and rendering: delete one,
 * delete in bulk, and the read/unread/follow/unfollow actions (TheHive 4's v0 names them
 * markAsRead/markAsUnread, v1 read/unread).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AlertOutputV0, AlertOutputV1 } from '@propolis/core';
import { Type } from 'typebox';
import { deleteAlerts } from '../../domain/alerts/delete-alert.js';
import { type AlertAction, alertAction } from '../../domain/alerts/update-alert.js';
import type { Deps } from '../../domain/deps.js';
import { renderAlertsV0, renderAlertsV1 } from '../presenters/alert-render.js';
import { ctx } from '../request-context.js';
import { AlertIdParams, AlertIds } from './params.js';
import { NoContent, ok } from './responses.js';

const faces = {
  v0: {
    output: AlertOutputV0,
    render: renderAlertsV0,
    actions: { markAsRead: 'read', markAsUnread: 'unread', follow: 'follow', unfollow: 'unfollow' },
    // TheHive 4's bulk delete also takes `force`, which changes nothing here.
    bulkDelete: Type.Object({ ids: AlertIds, force: Type.Optional(Type.Unknown()) }),
  },
  v1: {
    output: AlertOutputV1,
    render: renderAlertsV1,
    actions: { read: 'read', unread: 'unread', follow: 'follow', unfollow: 'unfollow' },
    bulkDelete: Type.Object({ ids: AlertIds }),
  },
} as const;

export const alertStateRoutes =
  (deps: Deps, face: 'v0' | 'v1'): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { output, render, actions, bulkDelete } = faces[face];
    app.delete(
      '/alert/:id',
      { schema: { response: NoContent, params: AlertIdParams } },
      async (request, reply) => {
        await deleteAlerts(deps, ctx(request), [request.params.id]);
        return reply.status(204).send();
      },
    );
    app.post(
      '/alert/delete/_bulk',
      { schema: { response: NoContent, body: bulkDelete } },
      async (request, reply) => {
        await deleteAlerts(deps, ctx(request), request.body.ids);
        return reply.status(204).send();
      },
    );
    for (const [path, action] of Object.entries(actions) as Array<[string, AlertAction]>) {
      app.post(
        `/alert/:id/${path}`,
        { schema: { response: ok(output), params: AlertIdParams } },
        async (request) => {
          const c = ctx(request);
          const [out] = await render(deps, c, [await alertAction(deps, c, request.params.id, action)]);
          return out;
        },
      );
    }
  };
