/**
 * Notifications and their delivery log on the wire (v1). Secrets of notifiers are masked
 * (events/notify/notifiers.ts publicNotifier).
 */
import { type DeliveryOutputV1, formatId, type NotificationOutputV1 } from '@propolis/core';
import type { DeliveryRow } from '../../db/repositories/notification-deliveries.js';
import type { NotificationView } from '../../domain/notifications/manage-notifications.js';
import { publicNotifier } from '../../events/notify/notifiers.js';
import { parseNotifyEvent } from '../../events/notify/payloads.js';

export function notificationV1(v: NotificationView): NotificationOutputV1 {
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

export function deliveryV1(d: DeliveryRow): DeliveryOutputV1 {
  const e = parseNotifyEvent(d.payload);
  // the recipient's address stays in the log; the rest is the event as queued
  const event = e
    ? { audit: e.audit, object: e.object, organisation: e.organisation, recipient: e.recipient }
    : {};
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
