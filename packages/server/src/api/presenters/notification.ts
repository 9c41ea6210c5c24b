/**
 * Notifications and their delivery log on the wire (v1). Secrets of notifiers are masked
 * (events/notify/notifiers.ts publicNotifier).
 */
import { formatId } from '@propolis/core';
import { Type } from 'typebox';
import type { DeliveryRow } from '../../db/repositories/notification-deliveries.js';
import type { NotificationView } from '../../domain/notifications/manage-notifications.js';
import { publicNotifier } from '../../events/notify/notifiers.js';

export const OutputNotification = Type.Object({
  _id: Type.String(),
  _type: Type.Literal('Notification'),
  _createdBy: Type.String(),
  _createdAt: Type.Number(),
  _updatedBy: Type.Optional(Type.String()),
  _updatedAt: Type.Optional(Type.Number()),
  name: Type.String(),
  trigger: Type.Object({ name: Type.String(), filter: Type.Optional(Type.Unknown()) }),
  notifiers: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  enabled: Type.Boolean(),
  user: Type.Optional(Type.String()),
  origin: Type.Union([Type.Literal('api'), Type.Literal('config')]),
});

export function notificationV1(v: NotificationView) {
  return {
    _id: formatId(v.row.id),
    _type: 'Notification' as const,
    _createdBy: v.row.created_by,
    _createdAt: v.row.created_at,
    ...(v.row.updated_by !== null ? { _updatedBy: v.row.updated_by } : {}),
    ...(v.row.updated_at !== null ? { _updatedAt: v.row.updated_at } : {}),
    name: v.row.name,
    trigger: v.trigger as { name: string; filter?: unknown },
    notifiers: v.notifiers.map(publicNotifier),
    enabled: v.row.enabled === 1,
    ...(v.user !== null ? { user: v.user } : {}),
    origin: v.row.origin as 'api' | 'config',
  };
}

export const OutputDelivery = Type.Object({
  _id: Type.String(),
  notificationId: Type.String(),
  notifier: Type.Integer(),
  auditId: Type.String(),
  objectKey: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Optional(Type.Number()),
  lastError: Type.Optional(Type.String()),
  eventAt: Type.Number(),
  createdAt: Type.Number(),
  deliveredAt: Type.Optional(Type.Number()),
  event: Type.Unknown(),
});

export function deliveryV1(d: DeliveryRow) {
  let event: unknown;
  try {
    const e = JSON.parse(d.payload) as Record<string, unknown>;
    // the recipient's address stays in the log; the rest is the event as queued
    event = { audit: e.audit, object: e.object, organisation: e.organisation, recipient: e.recipient };
  } catch {
    event = {};
  }
  return {
    _id: formatId(d.id),
    notificationId: formatId(d.notification_id),
    notifier: d.notifier_index,
    auditId: formatId(d.audit_id),
    objectKey: d.object_key,
    status: d.status,
    attempts: d.attempts,
    ...(d.status === 'pending' ? { nextAttemptAt: d.next_attempt_at } : {}),
    ...(d.last_error !== null ? { lastError: d.last_error } : {}),
    eventAt: d.event_at,
    createdAt: d.created_at,
    ...(d.delivered_at !== null ? { deliveredAt: d.delivered_at } : {}),
    event,
  };
}
