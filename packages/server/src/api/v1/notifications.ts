/**
 * v1 notifications (TheHive 5): `/api/v1/notification` CRUD, the delivery log and its replay, and
 * the webhook endpoints of the configuration file an organisation may use. docs/notifications.md.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
import {
  deliveryV1,
  notificationV1,
  OutputDelivery,
  OutputNotification,
} from '../presenters/notification.js';
import { ctx } from '../request-context.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 32 }),
});
const Trigger = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), filter: Type.Optional(Type.Unknown()) },
  { additionalProperties: true },
);
const Notifier = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: true },
);
const InputNotification = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  trigger: Trigger,
  notifiers: Type.Array(Notifier, { minItems: 1, maxItems: 20 }),
  enabled: Type.Optional(Type.Boolean()),
  user: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
});
const UpdateNotification = Type.Partial(InputNotification);
const LogQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 16 })),
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const Replayed = Type.Object({ replayed: Type.Integer() });
const Endpoint = Type.Object({ name: Type.String(), version: Type.Integer(), auth: Type.String() });

export const notificationsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/notification',
      { schema: { response: { 200: Type.Array(OutputNotification) } } },
      async (request) => (await listNotifications(deps, ctx(request))).map(notificationV1),
    );
    app.post(
      '/notification',
      { schema: { body: InputNotification, response: { 201: OutputNotification } } },
      async (request, reply) =>
        reply.status(201).send(notificationV1(await createNotification(deps, ctx(request), request.body))),
    );
    app.get(
      '/notification/endpoint',
      { schema: { response: { 200: Type.Array(Endpoint) } } },
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
      { schema: { params: Id, response: { 200: OutputNotification } } },
      async (request) => notificationV1(await getNotification(deps, ctx(request), request.params.id)),
    );
    app.patch(
      '/notification/:id',
      { schema: { params: Id, body: UpdateNotification, response: { 200: OutputNotification } } },
      async (request) =>
        notificationV1(await updateNotification(deps, ctx(request), request.params.id, request.body)),
    );
    app.delete('/notification/:id', { schema: { params: Id } }, async (request, reply) => {
      await deleteNotification(deps, ctx(request), request.params.id);
      return reply.status(204).send();
    });
    app.get(
      '/notification/:id/delivery',
      { schema: { params: Id, querystring: LogQuery, response: { 200: Type.Array(OutputDelivery) } } },
      async (request, reply) => {
        const { rows, total } = await readDeliveryLog(deps, ctx(request), request.params.id, request.query);
        return reply.header('X-Total', String(total)).send(rows.map(deliveryV1));
      },
    );
    app.post(
      '/notification/:id/delivery/:deliveryId/replay',
      { schema: { params: DeliveryParams, response: { 200: Replayed } } },
      async (request) => ({
        replayed: await replay(deps, ctx(request), request.params.id, request.params.deliveryId),
      }),
    );
    app.post(
      '/notification/:id/replay',
      { schema: { params: Id, response: { 200: Replayed } } },
      async (request) => ({ replayed: await replay(deps, ctx(request), request.params.id, undefined) }),
    );
  };
