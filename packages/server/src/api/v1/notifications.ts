/**
 * v1 notifications (TheHive 5): `/api/v1/notification` CRUD, the delivery log and its replay, and
 * the webhook endpoints of the configuration file an organisation may use. docs/notifications.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeliveryLogQuery,
  DeliveryOutputV1,
  NotificationBodyV1,
  NotificationOutputV1,
  NotificationUpdateBodyV1,
  ReplayOutput,
  WebhookEndpointOutput,
} from '@propolis/core';
import { Type } from 'typebox';
import { requirePermission } from '../../domain/context.js';
import type { Deps } from '../../domain/deps.js';
import { readDeliveryLog, replay } from '../../domain/notifications/delivery-log.js';
import {
  createNotification,
  deleteNotification,
  getNotification,
  listNotifications,
  updateNotification,
} from '../../domain/notifications/manage-notifications.js';
import { endpointAllows } from '../../events/notify/endpoints.js';
import { deliveryV1, notificationV1 } from '../presenters/notification.js';
import { ctx } from '../request-context.js';
import { created, list, NoContent, ok } from '../shared/responses.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 32 }),
});

export const notificationsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/notification', { schema: { response: ok(list(NotificationOutputV1)) } }, async (request) =>
      (await listNotifications(deps, ctx(request))).map(notificationV1),
    );
    app.post(
      '/notification',
      { schema: { body: NotificationBodyV1, response: created(NotificationOutputV1) } },
      async (request, reply) =>
        reply.status(201).send(notificationV1(await createNotification(deps, ctx(request), request.body))),
    );
    app.get(
      '/notification/endpoint',
      { schema: { response: ok(list(WebhookEndpointOutput)) } },
      async (request) => {
        const c = ctx(request);
        requirePermission(c, 'manageConfig');
        // names only: URLs and credentials stay in the configuration file
        return deps.config.notification.webhook.endpoints
          .filter((e) => endpointAllows(e, c.actor.organisationName))
          .map((e) => ({ name: e.name, version: e.version, auth: e.auth.type }));
      },
    );
    app.get(
      '/notification/:id',
      { schema: { params: Id, response: ok(NotificationOutputV1) } },
      async (request) => notificationV1(await getNotification(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/notification/:id',
      { schema: { params: Id, body: NotificationUpdateBodyV1, response: ok(NotificationOutputV1) } },
      async (request) =>
        notificationV1(await updateNotification(deps, ctx(request), request.params.id, request.body)),
    );
    app.delete(
      '/notification/:id',
      { schema: { params: Id, response: NoContent } },
      async (request, reply) => {
        await deleteNotification(deps, ctx(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/notification/:id/delivery',
      { schema: { params: Id, querystring: DeliveryLogQuery, response: ok(list(DeliveryOutputV1)) } },
      async (request, reply) => {
        const { rows, total } = await readDeliveryLog(deps, ctx(request), request.params.id, request.query);
        return reply.header('X-Total', String(total)).send(rows.map(deliveryV1));
      },
    );
    app.post(
      '/notification/:id/delivery/:deliveryId/replay',
      { schema: { params: DeliveryParams, response: ok(ReplayOutput) } },
      async (request) => ({
        replayed: await replay(deps, ctx(request), request.params.id, request.params.deliveryId),
      }),
    );
    app.post(
      '/notification/:id/replay',
      { schema: { params: Id, response: ok(ReplayOutput) } },
      async (request) => ({ replayed: await replay(deps, ctx(request), request.params.id, undefined) }),
    );
  };
