/**
 * Notifications on the wire (TheHive 5's v1 notifications, TheHive 4's organisation configuration,
 * the delivery log): request bodies and answers. Notifier settings are open objects (each notifier
 * has its own); the server checks them (events/notify/notifiers.ts) and answers with secrets masked.
 */
import { type Static, Type } from 'typebox';
import { AnyObject, MetaV1, Open } from './meta.js';

const S = Type.String();
const I = Type.Integer();

// Requests ------------------------------------------------------------------------------------

const TriggerBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }), filter: Type.Optional(Type.Unknown()) },
  { additionalProperties: true },
);
const NotifierBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: true },
);

export const NotificationBodyV1 = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  trigger: TriggerBody,
  notifiers: Type.Array(NotifierBody, { minItems: 1, maxItems: 20 }),
  enabled: Type.Optional(Type.Boolean()),
  user: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
});
export const NotificationUpdateBodyV1 = Type.Partial(NotificationBodyV1);

/** `PUT /api/config/organisation/notification` (TheHive 4). */
export const OrganisationNotificationConfigBody = Type.Object({
  value: Type.Array(
    Type.Object(
      { delegate: Type.Optional(Type.Boolean()), trigger: Type.Unknown(), notifier: Type.Unknown() },
      { additionalProperties: true },
    ),
    { maxItems: 100 },
  ),
});

export const DeliveryLogQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 16 })),
  from: Type.Optional(Type.Integer({ minimum: 0 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

// Answers -------------------------------------------------------------------------------------

export const NotificationOutputV1 = Open({
  ...MetaV1,
  name: S,
  trigger: Open({ name: S, filter: Type.Optional(Type.Unknown()) }),
  notifiers: Type.Array(AnyObject),
  enabled: Type.Boolean(),
  user: Type.Optional(S),
  origin: Type.Union([Type.Literal('api'), Type.Literal('config')]),
});

export const DeliveryOutputV1 = Open({
  _id: S,
  notificationId: S,
  notifier: I,
  auditId: S,
  objectKey: S,
  status: S,
  attempts: I,
  nextAttemptAt: Type.Optional(I),
  lastError: Type.Optional(S),
  eventAt: I,
  createdAt: I,
  deliveredAt: Type.Optional(I),
  event: Type.Unknown(),
});

/** TheHive 4's configuration item. */
export const ConfigItemOutput = Open({
  path: S,
  description: S,
  defaultValue: Type.Array(Type.Unknown()),
  value: Type.Array(Type.Unknown()),
});

export const ReplayOutput = Open({ replayed: I });

/** A webhook endpoint of the configuration file, as an org-admin may see it. */
export const WebhookEndpointOutput = Open({ name: S, version: I, auth: S });

/** Triggers and notifiers carry their own settings beside `name` (a filter, an endpoint, a URL...). */
type WithSettings<T> = T & Record<string, unknown>;
export type NotificationBodyV1 = Omit<Static<typeof NotificationBodyV1>, 'trigger' | 'notifiers'> & {
  trigger: WithSettings<Static<typeof TriggerBody>>;
  notifiers: Array<WithSettings<Static<typeof NotifierBody>>>;
};
export type NotificationOutputV1 = Static<typeof NotificationOutputV1>;
export type DeliveryOutputV1 = Static<typeof DeliveryOutputV1>;
export type ConfigItemOutput = Static<typeof ConfigItemOutput>;
export type NotificationUpdateBodyV1 = Partial<NotificationBodyV1>;
export type OrganisationNotificationConfigBody = Static<typeof OrganisationNotificationConfigBody>;
export type DeliveryLogQuery = Static<typeof DeliveryLogQuery>;
export type ReplayOutput = Static<typeof ReplayOutput>;
export type WebhookEndpointOutput = Static<typeof WebhookEndpointOutput>;
