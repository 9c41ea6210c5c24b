/**
 * Share-profile matrix, generated from the route table like the tenant matrix: the victim
 * organisation shares its case with a linked partner, first read-only then as analyst. Under the
 * read-only share every write route, called by the partner's analyst and org-admin with the
 * victim's ids, changes none of the victim's data. Under the analyst share the routes that write on
 * the shared case, its tasks, logs, observables, comments, procedures and custom events are lent
 * (docs/sharing.md): none answers 403 and the main ones succeed; every other write (the case's
 * shares, owner, access, deletion, merges, the victim's other objects) still changes nothing. While shared,
 * the partner reads the shared case through the read routes (positive control); once the share is
 * removed, no read route answers anything of the victim, and the partner's live stream carries
 * none of its events.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../test-support/factories.js';
import type { HttpClient } from '../test-support/http.js';
import { useTestServer } from '../test-support/server.js';
import { bodiesFor, fillPath } from './test-support/request-builder.js';
import { inSafeOrder, isPublic, isWrite, type Route, readRouteTable } from './test-support/route-table.js';
import { changedTables, snapshotOrganisation } from './test-support/snapshot.js';
import { createTenant, type Tenant } from './test-support/tenant-fixture.js';

const server = useTestServer({ stream: { refreshSeconds: 1 } });
let victim: Tenant;
let partner: Tenant;
let routes: Route[];

beforeAll(async () => {
  victim = await createTenant(server, 'owner', 'zq8owner');
  partner = await createTenant(server, 'partner', 'partnerown');
  await expectOk(server.admin.put('/api/v1/organisation/owner/link/partner', {}), 'link');
  routes = (await readRouteTable(server.admin)).filter((r) => !isPublic(r));
}, 120_000);

async function share(profile: string) {
  const res = await victim.analyst.send('PUT', `/api/v1/case/${victim.ids.case}/shares`, {
    shares: [{ organisation: 'partner', profile }],
  });
  expect(res.status, res.text).toBe(200);
}

/** Routes a share lends to the partner (api/share-writes.ts), filled with the shared case's ids. */
const LENT =
  /^\/api(\/v1)?\/(case|task|log|observable|comment|procedure|customEvent|case\/task|case\/artifact|case\/task\/log)\/\{\w+\}/;
const OWNER_ONLY = /^\/api(\/v1)?\/case\/\{\w+\}\/(access|owner|shares|_merge|force)(\/|$)/;
function lent(route: Route, path: string): boolean {
  if (!LENT.test(route.path) || OWNER_ONLY.test(route.path)) return false;
  if (route.method === 'DELETE' && /^\/api(\/v1)?\/case\/\{\w+\}$/.test(route.path)) return false;
  // only the shared case's objects: the victim's second case, alerts, templates stay its own
  const shared = [
    victim.ids.case,
    victim.ids.task,
    victim.ids.log,
    victim.ids.observable,
    victim.ids.fileObservable,
  ];
  const shown = [victim.ids.comment, victim.ids.procedure, victim.ids.customEvent, ...shared];
  const first = /\/api(?:\/v1)?\/(?:case\/task\/log|case\/task|case\/artifact|[a-zA-Z]+)\/([^/]+)/.exec(
    path,
  )?.[1];
  return first !== undefined && shown.includes(decodeURIComponent(first));
}

async function writesChangeNothing(profile: string): Promise<string[]> {
  const findings: string[] = [];
  const callers: Array<[string, HttpClient]> = [
    [`${profile} share: partner analyst`, partner.analyst],
    [`${profile} share: partner org-admin`, partner.orgAdmin],
  ];
  let snapshot = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
  for (const route of inSafeOrder(routes.filter(isWrite))) {
    // unlinking or relinking organisations is the admin organisation's: not a share matter
    if (route.path.includes('/link')) continue;
    for (const [name, client] of callers) {
      const path = fillPath(route, () => victim.ids);
      for (const body of bodiesFor(route, victim.ids)) {
        const res = await client.send(route.method, path, body);
        const request = `${route.method} ${path} ${JSON.stringify(body ?? '').slice(0, 160)}`;
        if (res.status >= 500) findings.push(`${name}: ${request} → ${res.status} ${res.text}`);
        const after = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
        const changed = changedTables(snapshot, after);
        if (changed.length > 0)
          findings.push(`${name}: ${request} → ${res.status}, changed ${changed.join(', ')}`);
        snapshot = after;
      }
    }
  }
  return findings;
}

async function readsOfVictim(): Promise<{ hits: string[]; total: number }> {
  const hits: string[] = [];
  let total = 0;
  for (const route of routes.filter((r) => !isWrite(r))) {
    const path = fillPath(route, () => victim.ids);
    for (const body of bodiesFor(route, victim.ids)) {
      const res = await partner.analyst.send(route.method, path, body);
      total++;
      expect(res.status, `${route.method} ${path}`).toBeLessThan(500);
      if (res.status < 300 && res.text.includes(victim.marker)) hits.push(`${route.method} ${path}`);
    }
  }
  return { hits, total };
}

describe('share-profile matrix', () => {
  it('a read-only share: the partner reads the shared case and writes nothing', async () => {
    await share('read-only');
    const { hits } = await readsOfVictim();
    // positive control: the shared case, its task, log, observables and files are read
    for (const expected of [
      `GET /api/v1/case/${victim.ids.case}`,
      `GET /api/v1/task/${victim.ids.task}`,
      `GET /api/v1/observable/${victim.ids.observable}`,
    ])
      expect(hits).toContain(expected);
    // what is not shared stays hidden
    const hidden = new RegExp(`/case/${victim.ids.case2}(/|$)|/alert/${victim.ids.alert}(/|$)`);
    expect(hits.filter((h) => hidden.test(h))).toEqual([]);
    expect(await writesChangeNothing('read-only')).toEqual([]);
  }, 300_000);

  it('an analyst share: the shared case is written within the profile, the rest stays with the owner', async () => {
    await share('analyst');
    const findings: string[] = [];
    const succeeded = new Set<string>();
    let snapshot = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
    for (const route of inSafeOrder(routes.filter(isWrite))) {
      if (route.path.includes('/link')) continue;
      for (const [name, client] of [
        ['partner analyst', partner.analyst],
        ['partner org-admin', partner.orgAdmin],
      ] as const) {
        const path = fillPath(route, () => victim.ids);
        const isLent = lent(route, path);
        for (const body of bodiesFor(route, victim.ids)) {
          const res = await client.send(route.method, path, body);
          const request = `${route.method} ${path} ${JSON.stringify(body ?? '').slice(0, 160)}`;
          if (res.status >= 500) findings.push(`${name}: ${request} → ${res.status} ${res.text}`);
          const after = await snapshotOrganisation(server, victim.name, victim.logins.readOnly);
          if (isLent) {
            // a comment stays its author's, whoever's organisation acts
            if (res.status === 403 && !res.text.includes('only its author'))
              findings.push(`${name}: lent ${request} → 403 ${res.text}`);
            if (res.status < 300) succeeded.add(`${route.method} ${route.path}`);
          } else {
            const changed = changedTables(snapshot, after);
            if (changed.length > 0)
              findings.push(`${name}: ${request} → ${res.status}, changed ${changed.join(', ')}`);
          }
          snapshot = after;
        }
      }
    }
    expect(findings).toEqual([]);
    for (const expected of [
      'PATCH /api/v1/case/{id}',
      'POST /api/v1/case/{caseId}/task',
      'PATCH /api/v1/task/{id}',
      'POST /api/v1/task/{taskId}/log',
      'POST /api/v1/case/{caseId}/observable',
      'PATCH /api/v1/observable/{id}',
      'POST /api/v1/case/{caseId}/comment',
      'PATCH /api/case/{id}',
    ])
      expect([...succeeded]).toContain(expected);
  }, 300_000);

  it('removing the share removes access everywhere, stream included', async () => {
    await share('read-only');
    const stream = await partner.analyst.post('/api/v1/stream');
    await expectOk(
      victim.analyst.patch(`/api/v1/case/${victim.ids.case}`, { summary: 'zq8owner while shared' }),
      'w',
    );
    let seen = '';
    for (let i = 0; i < 8 && !seen.includes('while shared'); i++)
      seen += (await partner.analyst.get(`/api/v1/stream/${stream.text}`)).text;
    expect(seen).toContain('zq8owner while shared');

    const removed = await victim.analyst.send('DELETE', `/api/v1/case/${victim.ids.case}/shares`, {
      organisations: ['partner'],
    });
    expect(removed.status).toBe(204);
    await expectOk(
      victim.analyst.patch(`/api/v1/case/${victim.ids.case}`, { summary: 'zq8owner after' }),
      'w',
    );
    const { hits, total } = await readsOfVictim();
    expect(total).toBeGreaterThan(50);
    expect(hits).toEqual([]);
    let after = '';
    for (let i = 0; i < 2; i++) after += (await partner.analyst.get(`/api/v1/stream/${stream.text}`)).text;
    expect(after).not.toContain('zq8owner');
  }, 300_000);
});
