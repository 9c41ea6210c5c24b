/**
 * The route table as the server publishes it (`/api/openapi.json`): the permanent suites walk it,
 * so a route added tomorrow is covered by the tenant matrix and the bad-input corpus without a
 * new test.
 */
import type { HttpClient } from '../../test-support/http.js';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: `/api/v1/case/{id}`. */
  path: string;
  /** Path parameter names in order. */
  params: string[];
  /** The JSON body schema, when the route declares one (multipart and mixed routes do not). */
  bodySchema?: Schema;
}

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Routes that stream until the client leaves (Server-Sent Events): a suite that reads every answer to
 * its end cannot walk them; api/v1/events.test.ts covers their tenancy and their bad input.
 */
const STREAMING = new Set(['/api/v1/events']);

export async function readRouteTable(client: HttpClient): Promise<Route[]> {
  const res = await client.get('/api/openapi.json');
  if (res.status !== 200) throw new Error(`/api/openapi.json: ${res.status}`);
  const paths = res.body.paths as Record<string, Record<string, any>>;
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    if (STREAMING.has(path)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const m = method.toUpperCase();
      if (!METHODS.has(m)) continue;
      routes.push({
        method: m as Route['method'],
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

/** POSTs that read (queries, searches, statistics, streams) rather than write. */
export const isReadingPost = (route: Route): boolean =>
  route.method === 'POST' &&
  /(\/query|\/_search|\/_stats|\/_exists|\/stream|\/login|\/logout)$/.test(route.path);

export const isWrite = (route: Route): boolean => route.method !== 'GET' && !isReadingPost(route);

/** Routes that answer without credentials: the matrix has nothing to learn from them. */
export const isPublic = (route: Route): boolean =>
  /^\/api(\/v1)?\/(status|health|login|logout|license)/.test(route.path) ||
  route.path === '/api/v1/status/public';

/**
 * Reads first, then creations and updates, then merges and deletions: a wrongly accepted
 * destructive call would hide what the calls after it could find.
 */
export function inSafeOrder(routes: Route[]): Route[] {
  const rank = (r: Route) => {
    if (r.method === 'GET' || isReadingPost(r)) return 0;
    // a case merge removes the source cases (as TheHive 5 does): after everything else
    if (/\/case\/([^/]+\/)?_merge\//.test(r.path)) return 7;
    // whole cases, alerts and users last among deletions: their parts are deleted first
    if (r.method === 'DELETE' && /\/(case|alert|user)\/\{[^}]+\}(\/force)?$/.test(r.path)) return 6;
    if (r.method === 'DELETE') return 5;
    // deletions by POST after merges and imports, which need the objects they would remove
    if (/delete/.test(r.path)) return 4;
    if (/merge|_merge|import/.test(r.path)) return 3;
    return r.method === 'POST' ? 1 : 2;
  };
  return [...routes].sort((a, b) => rank(a) - rank(b));
}
