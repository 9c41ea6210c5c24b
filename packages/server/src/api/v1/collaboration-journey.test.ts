/**
 * Issue 12's walk-through as one user journey, on SQLite and PostgreSQL: two linked organisations;
 * an analyst of the first comments on a case, records T0803 from MITRE's real ICS matrix, adds a
 * page from a page template, links the case to another, reads the timeline and shares the case
 * read-only with the second organisation, whose analyst reads it (comments and TTPs included) but
 * cannot change it; the case exported and imported into a fresh Propolis reads back the same.
 * Each step's details are tested in its own suite (comments, pages, procedures, case-links,
 * timeline, sharing, case-archive); this one checks that they work together as documented.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import type { HttpClient } from '../../test-support/http.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';
import { icsAttackBundle } from '../../test-support/shared-data.js';

const server = useTestServer();
const freshServer = useTestServer();
let plant: OrgFixture;
let cert: OrgFixture;
let fresh: OrgFixture;
let caseId: string;
let otherCaseId: string;

const ics = readFileSync(icsAttackBundle(), 'utf8');
const importCatalog = async (admin: HttpClient) => {
  const res = await admin.send('POST', '/api/v1/pattern/import/attack', undefined, {
    raw: ics,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status, res.text).toBe(200);
};
const query = async (client: HttpClient, steps: unknown[]) => {
  const res = await client.post('/api/v1/query', { query: steps });
  expect(res.status, res.text).toBe(200);
  return res.body as Array<Record<string, unknown>>;
};
const ofCase = (client: HttpClient, id: string, what: string) =>
  query(client, [{ _name: 'getCase', idOrName: id }, { _name: what }]);

beforeAll(async () => {
  plant = await createOrganisation(server, 'plant-soc');
  cert = await createOrganisation(server, 'national-cert');
  fresh = await createOrganisation(freshServer, 'elsewhere');
  const linked = await server.admin.put('/api/v1/organisation/plant-soc/links', {
    links: [{ toOrganisation: 'national-cert', linkType: 'partner', otherLinkType: 'partner' }],
  });
  expect(linked.status, linked.text).toBe(204);
  await importCatalog(server.admin);
}, 120_000);

describe("issue 12's walk-through", () => {
  it('an analyst comments, records T0803, adds a page from a template, links, reads the timeline', async () => {
    const a = plant.analyst;
    const kase = await expectOk(
      a.post('/api/v1/case', { title: 'PLC logic changed', description: 'engineering station', severity: 3 }),
      'case',
    );
    caseId = kase._id;
    otherCaseId = (
      await expectOk(a.post('/api/v1/case', { title: 'Phishing wave', description: 'mail' }), 'other')
    )._id;

    await expectOk(
      a.post(`/api/v1/case/${caseId}/comment`, { message: 'Ladder logic **differs** from backup' }),
      'c',
    );

    const procedure = await expectOk(
      a.post(`/api/v1/case/${caseId}/procedure`, {
        patternId: 'T0803',
        occurDate: 1_764_000_000_000,
        description: 'alarm messages blocked',
      }),
      'procedure',
    );
    expect(procedure).toMatchObject({ patternId: 'T0803', patternName: 'Block Command Message' });

    // a page from a page template, as the UI's page form does: the template's content, then a page
    const template = await expectOk(
      plant.orgAdmin.post('/api/v1/pageTemplate', {
        title: 'OT triage',
        category: 'playbook',
        content: '## Safety\n- [ ] isolate the controller',
      }),
      'template',
    );
    const read = await expectOk(a.get(`/api/v1/pageTemplate/${template._id}`), 'template read');
    await expectOk(
      a.post(`/api/v1/case/${caseId}/page`, {
        title: read.title,
        category: read.category,
        content: read.content,
      }),
      'page',
    );

    const link = await a.post(`/api/v1/case/${caseId}/link/case/add`, {
      type: 'Related',
      caseId: otherCaseId,
    });
    expect(link.status, link.text).toBeLessThan(300);
    const links = await expectOk(a.get(`/api/v1/case/${otherCaseId}/links`), 'links');
    expect(links.map((l: { _id: string; linkType?: string }) => [l._id, l.linkType])).toEqual([
      [caseId, 'Related'],
    ]);

    const timeline = await expectOk(a.get(`/api/v1/case/${caseId}/timeline`), 'timeline');
    const kinds = (timeline.events as Array<{ kind: string }>).map((e) => e.kind);
    expect(kinds).toContain('CaseCreated');
    expect(kinds).toContain('ProcedureOccurred');
  });

  it("shares it read-only: the partner's analyst reads case, comments and TTPs, and cannot change it", async () => {
    const none = await cert.analyst.get(`/api/v1/case/${caseId}`);
    expect(none.status).toBe(404);
    const shared = await plant.analyst.post(`/api/v1/case/${caseId}/shares`, {
      shares: [{ organisation: 'national-cert', profile: 'read-only' }],
    });
    expect(shared.status, shared.text).toBeLessThan(300);

    const b = cert.analyst;
    expect((await expectOk(b.get(`/api/v1/case/${caseId}`), 'shared case')).title).toBe('PLC logic changed');
    expect((await ofCase(b, caseId, 'comments')).map((c) => c.message)).toEqual([
      'Ladder logic **differs** from backup',
    ]);
    expect((await ofCase(b, caseId, 'procedures')).map((p) => p.patternId)).toEqual(['T0803']);
    const pages = await ofCase(b, caseId, 'pages');
    expect(pages.map((p) => p.title)).toEqual(['OT triage']);
    expect((await expectOk(b.get(`/api/v1/case/${caseId}/page/${pages[0]!._id}`), 'page')).content).toContain(
      'isolate',
    );
    const procedures = await ofCase(b, caseId, 'procedures');
    expect((await expectOk(b.get(`/api/v1/procedure/${procedures[0]!._id}`), 'procedure')).patternId).toBe(
      'T0803',
    );
    const timeline = await expectOk(b.get(`/api/v1/case/${caseId}/timeline`), 'timeline');
    expect((timeline.events as Array<{ kind: string }>).map((e) => e.kind)).toContain('ProcedureOccurred');

    const refused = [
      await b.patch(`/api/v1/case/${caseId}`, { title: 'changed by the partner' }),
      await b.post(`/api/v1/case/${caseId}/comment`, { message: 'partner comment' }),
      await b.post(`/api/v1/case/${caseId}/procedure`, { patternId: 'T0803', occurDate: 1 }),
      await b.post(`/api/v1/case/${caseId}/task`, { title: 'partner task' }),
      await b.patch(`/api/v1/case/${caseId}/page/${pages[0]!._id}`, { content: 'overwritten' }),
      await b.patch(`/api/v1/procedure/${procedures[0]!._id}`, { description: 'overwritten' }),
    ];
    for (const res of refused) {
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expect(res.body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
    }
    expect((await expectOk(plant.analyst.get(`/api/v1/case/${caseId}`), 'owner read')).title).toBe(
      'PLC logic changed',
    );
    expect(await ofCase(plant.analyst, caseId, 'comments')).toHaveLength(1);
    expect(await ofCase(plant.analyst, caseId, 'procedures')).toHaveLength(1);
    expect(await ofCase(plant.analyst, caseId, 'tasks')).toHaveLength(0);
  });

  it('exports the case and imports it into a fresh Propolis, which reads back the same', async () => {
    const res = await fetch(`${server.url}/api/v1/case/${caseId}/export?password=walk-through-pw`, {
      headers: { authorization: `Bearer ${plant.analyst.auth.key}`, 'x-organisation': 'plant-soc' },
    });
    expect(res.status).toBe(200);
    const archive = Buffer.from(await res.arrayBuffer());
    await importCatalog(freshServer.admin);
    const imported = await postMultipart(fresh.analyst, '/api/v1/case/import', [
      { name: '_json', value: JSON.stringify({ password: 'walk-through-pw' }) },
      { name: 'file', filename: 'case.zip', data: archive, contentType: 'application/zip' },
    ]);
    expect(imported.status, imported.text).toBe(201);
    const copy = imported.body._id as string;

    const pick = (o: Record<string, unknown>, keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, o[k]]));
    const view = async (client: HttpClient, id: string) => ({
      case: pick((await client.get(`/api/v1/case/${id}`)).body, [
        'title',
        'description',
        'severity',
        'status',
      ]),
      comments: (await ofCase(client, id, 'comments')).map((c) =>
        pick(c, ['message', 'createdBy', 'isEdited']),
      ),
      procedures: (await ofCase(client, id, 'procedures')).map((p) =>
        pick(p, ['patternId', 'patternName', 'occurDate', 'description']),
      ),
      pages: (await ofCase(client, id, 'pages')).map((p) => pick(p, ['title', 'category', 'content'])),
    });
    const original = await view(plant.analyst, caseId);
    expect(original.comments).toHaveLength(1);
    expect(original.pages).toHaveLength(1);
    expect(await view(fresh.analyst, copy)).toEqual(original);
  });
});
