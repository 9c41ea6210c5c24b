/**
 * The server's bad-input corpus (packages/server/src/suites) against the analysis routes: Cortex's
 * API and TheHive's connector, taken from the route table (/api/openapi.json) of a server with the
 * engine. Every answer must be a 2xx or a 4xx with `{type, message}`; never a 5xx.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bodyCorpus,
  multipartCorpus,
  QUERY_CORPUS,
} from '../../../server/src/suites/test-support/bad-input.js';
import { fillPath } from '../../../server/src/suites/test-support/request-builder.js';
import { isPublic, type Route, readRouteTable } from '../../../server/src/suites/test-support/route-table.js';
import { createTenant, type Tenant } from '../../../server/src/suites/test-support/tenant-fixture.js';
import { useAnalysisServer } from '../test-support/server.js';

const server = useAnalysisServer();
let owner: Tenant;
let routes: Route[];

beforeAll(async () => {
  owner = await createTenant(server as never, 'corpus', 'corpusmark');
  await owner.orgAdmin.post('/cortex/api/organization/analyzer/Propolis_IpClass_1_0', {});
  routes = (await readRouteTable(server.admin)).filter(
    (r) =>
      !isPublic(r) &&
      r.method !== 'DELETE' &&
      /^\/(cortex\/api|api\/connector|api\/v1\/connector)\//.test(r.path),
  );
}, 120_000);

describe('bad input on the analysis routes', () => {
  it('answers hostile bodies, uploads and query strings with 2xx or a clear 4xx', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const findings: string[] = [];
    for (const route of routes) {
      const bads = [
        ...(route.method === 'GET' ? [] : [...bodyCorpus(route, owner.ids), ...multipartCorpus()]),
        ...QUERY_CORPUS.map((q) => ({
          ...q,
          raw: route.method === 'GET' ? undefined : '{}',
          contentType: route.method === 'GET' ? undefined : 'application/json',
        })),
      ];
      for (const bad of bads) {
        const path = fillPath(route, () => owner.ids) + (bad.query ? `?${bad.query}` : '');
        const res = await owner.orgAdmin.send(route.method, path, undefined, {
          raw: route.method === 'GET' ? undefined : bad.raw,
          headers: bad.contentType ? { 'content-type': bad.contentType } : {},
        });
        const shaped = typeof res.body === 'object' && res.body?.type && res.body?.message;
        if (res.status >= 500 || (res.status >= 400 && !shaped))
          findings.push(`${route.method} ${path} [${bad.name}] → ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    expect(findings, findings.join('\n')).toEqual([]);
    expect((await server.anonymous.get('/cortex/api/status')).status).toBe(200);
  }, 300_000);
});
