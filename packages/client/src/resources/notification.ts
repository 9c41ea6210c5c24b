/**
 * Notifications (`/api/v1/notification`, TheHive 5): rules that send events to webhooks, mail,
 * Slack..., their delivery log and replays, and the webhook endpoints of the configuration file.
 */
import type {
  DeliveryLogQuery,
  DeliveryOutputV1,
  NotificationBodyV1,
  NotificationOutputV1,
  NotificationUpdateBodyV1,
  ReplayOutput,
  WebhookEndpointOutput,
} from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class NotificationResource extends Resource {
  list(options: CallOptions = {}): Promise<NotificationOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/notification` }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<NotificationOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/notification/${seg(id)}` }, options);
  }

  create(notification: NotificationBodyV1, options: CallOptions = {}): Promise<NotificationOutputV1> {
    return this.t.json({ method: 'POST', path: `${V1}/notification`, json: notification }, options);
  }

  update(
    id: string,
    fields: NotificationUpdateBodyV1,
    options: CallOptions = {},
  ): Promise<NotificationOutputV1> {
    return this.t.json({ method: 'PATCH', path: `${V1}/notification/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/notification/${seg(id)}` }, options);
  }

  /** The webhook endpoints of the configuration file (names only) this organisation may use. */
  endpoints(options: CallOptions = {}): Promise<WebhookEndpointOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/notification/endpoint` }, options);
  }

  /** The deliveries of a notification, newest first, and how many there are in all. */
  async deliveries(
    id: string,
    query: DeliveryLogQuery = {},
    options: CallOptions = {},
  ): Promise<{ deliveries: DeliveryOutputV1[]; total: number | undefined }> {
    const { body, total } = await this.t.jsonWithTotal<DeliveryOutputV1[]>(
      { method: 'GET', path: `${V1}/notification/${seg(id)}/delivery`, query: { ...query } },
      options,
    );
    return { deliveries: body, total };
  }

  /** Sends one delivery again, or (without `deliveryId`) every failed one of the notification. */
  replay(id: string, deliveryId?: string, options: CallOptions = {}): Promise<ReplayOutput> {
    const path =
      deliveryId === undefined
        ? `${V1}/notification/${seg(id)}/replay`
        : `${V1}/notification/${seg(id)}/delivery/${seg(deliveryId)}/replay`;
    return this.t.json({ method: 'POST', path }, options);
  }
}
