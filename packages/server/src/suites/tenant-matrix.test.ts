/**
 * Route × tenant isolation matrix, generated from the route table (/api/openapi.json): every route
 * is called with the ids of another organisation ("victim") by
 *   - a foreign analyst and a foreign org-admin (their own organisation, the victim's ids; on a
 *     route with several ids, each id in turn is the victim's and the others the caller's own),
 *   - a foreign caller naming the victim's organisation (X-Organisation),
 * and every write route by the victim organisation's read-only user. A 2xx answer that carries the
 * victim's marker (its data) or after which the victim's data (or a platform definition) changed
 * fails. A new route is covered without a new test. MATRIX_LOG=<file> writes every call and its
 * answer there, to see what a run did.
 *
 * Sharing between organisations has its own matrix (share-matrix.test.ts): a linked partner with
 * a read-only and an analyst share, and the same partner once the share is removed.
 */
import { appendFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import type { HttpClient } from '../test-support/http.js';
import { useTestServer } from '../test-support/server.js';
import { bodiesFor, fillPath } from './test-support/request-builder.js';
import { inSafeOrder, isPublic, isWrite, type Route, readRouteTable } from './test-support/route-table.js';
import { changedTables, type Snapshot, snapshotOrganisation } from './test-support/snapshot.js';
import { createTenant, type Tenant, type TenantIds } from './test-support/tenant-fixture.js';

const server = useTestServer({ stream: { refreshSeconds: 1 } });
let victim: Tenant;
let attacker: Tenant;
let control: Tenant;
let routes: Route[];

beforeAll(async () => {
  const field = await server.admin.post('/api/v1/customField', {
    name: 'matrix-field',
    type: 'string',
    description: 'matrix',
  });
  if (field.status !== 201) throw new Error(field.text);
  const taxonomy = await server.admin.post('/api/v1/taxonomy', {
    namespace: 'matrix-taxonomy',
    predicates: [{ value: 'probe' }],
  });
  if (taxonomy.status !== 201) throw new Error(taxonomy.text);
  victim = await createTenant(server, 'victim', 'zq7victim');
  attacker = await createTenant(server, 'attacker', 'attackerown');
  control = await createTenant(server, 'control', 'controlmark');
  routes = (await readRouteTable(server.admin)).filter((r) => !isPublic(r));
}, 120_000);

interface Finding {
  caller: string;
  request: string;
  status: number;
  why: string;
}

/** Path id variants: each parameter in turn is the victim's, the others the caller's own. */
function pathVariants(route: Route, own: TenantIds): string[] {
  if (route.params.length === 0) return [route.path];
  const variants = new Set<string>();
  for (const target of route.params) {
    variants.add(fillPath(route, (p) => (p === target ? victim.ids : own)));
  }
  return [...variants];
}

async function probe(
  findings: Finding[],
  caller: string,
  client: HttpClient,
  route: Route,
  path: string,
  body: unknown,
  before: Snapshot,
): Promise<Snapshot> {
  const res = await client.send(route.method, path, body);
  const request = `${route.method} ${path} ${body === undefined ? '' : JSON.stringify(body).slice(0, 200)}`;
  if (process.env.MATRIX_LOG)
    appendFileSync(
      process.env.MATRIX_LOG,
      `${caller}\t${res.status}\t${request}\t${res.text.slice(0, 160)}\n`,
    );
  if (res.status >= 500)
    findings.push({ caller, request, status: res.status, why: `server error ${res.text}` });
  if (res.status >= 200 && res.status < 300 && res.text.includes(victim.marker)) {
    findings.push({
      caller,
      request,
      status: res.status,
      why: `answer holds victim data: ${res.text.slice(0, 300)}`,
    });
  }
  if (route.method === 'GET' && !isWrite(route)) return before;
  const after = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
  const changed = changedTables(before, after);
  if (changed.length > 0) {
    findings.push({ caller, request, status: res.status, why: `victim data changed: ${changed.join(', ')}` });
  }
  return after;
}

describe('route × tenant isolation matrix', () => {
  it('covers the route table', () => {
    // a route table that shrank to nothing would make the matrix pass vacuously
    expect(routes.length).toBeGreaterThan(150);
    expect(routes.filter(isWrite).length).toBeGreaterThan(80);
  });

  it('no foreign caller reads or changes another organisation through any route', async () => {
    const callers: Array<[string, HttpClient, TenantIds]> = [
      ['foreign analyst', attacker.analyst, attacker.ids],
      ['foreign org-admin', attacker.orgAdmin, attacker.ids],
      ['foreign org-admin naming the victim organisation', attacker.orgAdmin.in(victim.name), victim.ids],
    ];
    const findings: Finding[] = [];
    let snapshot = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
    const sorted = inSafeOrder(routes);
    let calls = 0;
    for (const route of sorted) {
      for (const [name, client, own] of callers) {
        const paths = name.includes('naming')
          ? [fillPath(route, () => victim.ids)]
          : pathVariants(route, own);
        for (const path of paths) {
          for (const body of bodiesFor(route, victim.ids)) {
            const before = snapshot;
            snapshot = await probe(findings, name, client, route, path, body, before);
            calls++;
          }
        }
      }
    }
    // the answers seen, for the log of a failing run
    expect(calls).toBeGreaterThan(routes.length * 3);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  }, 240_000);

  it('a read-only user changes nothing through any write route of its own organisation', async () => {
    const findings: Finding[] = [];
    let snapshot = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
    const writes = inSafeOrder(routes.filter(isWrite));
    for (const route of writes) {
      const path = fillPath(route, () => victim.ids);
      for (const body of bodiesFor(route, victim.ids)) {
        const res = await victim.readOnly.send(route.method, path, body);
        const request = `${route.method} ${path} ${JSON.stringify(body ?? '').slice(0, 200)}`;
        if (res.status >= 500)
          findings.push({ caller: 'read-only', request, status: res.status, why: res.text });
        const after = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
        const changed = changedTables(snapshot, after);
        if (changed.length > 0) {
          findings.push({
            caller: 'read-only',
            request,
            status: res.status,
            why: `changed ${changed.join(', ')}`,
          });
        }
        snapshot = after;
      }
    }
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  }, 240_000);

  it('the same requests by the owner succeed often enough for the matrix to mean something', async () => {
    // Positive control on reads: the victim's own org-admin gets 2xx for most of them, so the
    // foreign callers' refusals above came from the organisation check, not from malformed requests.
    let ok = 0;
    let total = 0;
    for (const route of routes.filter((r) => !isWrite(r) && r.params.length > 0)) {
      for (const body of bodiesFor(route, victim.ids)) {
        const res = await victim.orgAdmin.send(
          route.method,
          fillPath(route, () => victim.ids),
          body,
        );
        total++;
        if (res.status < 300) ok++;
      }
    }
    expect(ok / total).toBeGreaterThan(0.7);
    // and the fingerprint sees a change the owner makes
    const before = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
    const res = await victim.analyst.patch(`/api/v1/case/${victim.ids.case2}`, {
      title: 'zq7victim renamed',
    });
    expect(res.status).toBe(204);
    const after = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
    expect(changedTables(before, after)).toEqual(['case']);
  }, 120_000);

  it('the same writes by an owner succeed often enough for the matrix to mean something', async () => {
    // Positive control on writes, in a third organisation (they change and delete its objects): the
    // generated requests get past validation to real work, so the foreign callers' and the
    // read-only user's refusals above were decisions, not malformed requests. Platform-level routes
    // (organisations, profiles, custom fields, observable types, feeders and workflows) are refused
    // to an org-admin.
    let ok = 0;
    let total = 0;
    const failures: string[] = [];
    for (const route of inSafeOrder(routes.filter(isWrite))) {
      // sharing routes need a linked organisation, which this fixture has not: share-matrix.test.ts
      if (/\/shares?\b|\/owner$|\/links?\b/.test(route.path)) continue;
      for (const body of bodiesFor(route, control.ids)) {
        const path = fillPath(route, () => control.ids);
        const res = await control.orgAdmin.send(route.method, path, body);
        if (
          res.status === 403 &&
          /manage(Organisation|Profile|CustomField|ObservableTemplate|Platform|Pattern|Taxonomy)/.test(
            res.text,
          )
        )
          continue;
        total++;
        if (res.status < 300) ok++;
        else failures.push(`${res.status} ${route.method} ${path} ${res.text.slice(0, 100)}`);
        if (process.env.MATRIX_TRACE) console.log(`TRACE ${res.status} ${route.method} ${path}`);
      }
    }
    expect(ok / total, failures.join('\n')).toBeGreaterThan(0.6);
  }, 120_000);

  it("a foreign live stream never carries the other organisation's events", async () => {
    const stream = await attacker.analyst.post('/api/v1/stream');
    expect(stream.status).toBe(200);
    await expectOk(
      victim.analyst.patch(`/api/v1/case/${victim.ids.case}`, { description: 'zq7victim streamed' }),
      'victim write',
    );
    await expectOk(
      attacker.analyst.post('/api/v1/case', { title: 'attackerown streamed', description: 'x' }),
      'attacker write',
    );
    let seen = '';
    for (let i = 0; i < 10 && !seen.includes('attackerown streamed'); i++) {
      const polled = await attacker.analyst.get(`/api/v1/stream/${stream.text}`);
      expect(polled.status).toBe(200);
      seen += polled.text;
    }
    expect(seen).toContain('attackerown streamed');
    expect(seen).not.toContain(victim.marker);
  });
});
