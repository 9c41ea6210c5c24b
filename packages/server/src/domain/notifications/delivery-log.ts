/**
 * The delivery log of a notification, for those who may see the notification (org-admins, or the
 * user whose notification it is): what was sent, when, after how many attempts, the last error; and
 * replay (a delivered or dead delivery, or every dead one, queued again).
 */
import { badRequest, notFound, parseId } from '@propolis/core';
import {
  type DeliveryRow,
  type DeliveryStatus,
  listDeliveries,
  replayDeliveries,
} from '../../db/repositories/notification-deliveries.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { notificationForLog } from './manage-notifications.js';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'delivered', 'dead'];

export async function readDeliveryLog(
  deps: Deps,
  ctx: RequestContext,
  notificationId: string,
  options: { status?: string; from?: number; size?: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const n = await notificationForLog(deps, ctx, notificationId);
  if (options.status !== undefined && !DELIVERY_STATUSES.includes(options.status as DeliveryStatus))
    throw badRequest(`status: must be one of ${DELIVERY_STATUSES.join(', ')}`);
  return listDeliveries(deps.db, ctx.actor.organisationId, n.id, {
    ...(options.status ? { status: options.status as DeliveryStatus } : {}),
    from: options.from ?? 0,
    size: options.size ?? 50,
  });
}

/** Queues again one delivery (`deliveryId`) or every dead one; returns how many. */
export async function replay(
  deps: Deps,
  ctx: RequestContext,
  notificationId: string,
  deliveryId: string | undefined,
): Promise<number> {
  const n = await notificationForLog(deps, ctx, notificationId);
  if (deliveryId === undefined)
    return replayDeliveries(deps.db, ctx.actor.organisationId, n.id, { status: 'dead' }, Date.now());
  const id = parseId(deliveryId);
  if (id === undefined) throw badRequest(`${deliveryId} is not a delivery id`);
  const count = await replayDeliveries(deps.db, ctx.actor.organisationId, n.id, { id }, Date.now());
  if (count === 0)
    throw notFound(
      `Delivery ${deliveryId} of notification ${notificationId} not found, or not delivered or dead yet`,
    );
  return count;
}
