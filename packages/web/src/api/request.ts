/**
 * Raw calls for the screens whose files predate the client's namespaces (comments, pages, TTPs,
 * timeline, attachments, sharing, statuses, dashboards, search, taxonomies): all through the page's
 * one @propolis/client (`client.request`); to be moved to `client.<namespace>` calls one by one.
 */
import { client } from './http';

export const get = <T>(path: string) => client.request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => client.request<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => client.request<T>('PATCH', path, body);
export const del = <T>(path: string) => client.request<T>('DELETE', path);
