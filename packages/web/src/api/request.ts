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

/** A request with a JSON body or a multipart form (uploads). */
export function call<T>(
  method: string,
  path: string,
  options: { body?: unknown } = {},
): Promise<{ body: T }> {
  const transport = (client as unknown as { transport: { json<R>(spec: object): Promise<R> } }).transport;
  const spec =
    options.body instanceof FormData
      ? { method, path, body: options.body }
      : { method, path, json: options.body };
  return transport.json<T>(spec).then((body) => ({ body }));
}
