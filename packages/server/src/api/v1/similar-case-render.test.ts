/**
 * Similar cases rendered once (api/presenters/similar-case-json.ts), on SQLite and PostgreSQL: after
 * every kind of change to a listed case (title, status, tags, a custom field, a merge, a deletion,
 * a share removed) the next answer shows the case as it is now, never the text kept from an earlier
 * answer; the answer is the same JSON as the case's own output (without what similarity does not
 * show), and the kept columns are every column of a case row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import { CASE_ROW_COLUMNS } from '../presenters/similar-case-json.js';

const server = useTestServer();
let soc: OrgFixture;
let partner: OrgFixture;
const ip = { dataType: 'ip', data: '192.0.2.201' };
let alertId: string;
let partnerAlertId: string;

type Item = { case: Record<string, unknown>; similarObservableCount: number };

async function similar(client: OrgFixture['analyst'], alert: string, extra = 'similarCases') {
  const res = await client.get(`/api/v1/alert/${alert}?extraData=${extra}`);
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return res.body.extraData.similarCases as Item[];
}

/** The case as its own route shows it, without what a similar case does not carry. */
async function asItsOwn(id: string) {
  const {
    customFields: _f,
    extraData: _e,
    access: _a,
    ...rest
  } = await expectOk(soc.analyst.get(`/api/v1/case/${id}`), 'case');
  return { ...rest, customFields: [], extraData: {} };
}

async function expectCurrent(id: string) {
  const item = (await similar(soc.analyst, alertId)).find((s) => s.case._id === id);
  expect(item, id).toBeDefined();
  expect(item!.case).toEqual(await asItsOwn(id));
  return item!.case;
}

const newCase = async (title: string, client = soc.analyst) => {
  const kase = await expectOk(client.post('/api/v1/case', { title, description: 'd', tags: ['t1'] }), 'case');
  await expectOk(client.post(`/api/v1/case/${kase._id}/observable`, ip), 'observable');
  return kase._id as string;
};

beforeAll(async () => {
  soc = await createOrganisation(server, 'render-soc');
  partner = await createOrganisation(server, 'render-partner');
  await expectOk(server.admin.put('/api/v1/organisation/render-soc/link/render-partner', {}), 'link');
  await server.admin.customField.create({
    name: 'render-ticket',
    displayName: 'T',
    description: 't',
    type: 'string',
  });
  const alert = (client: OrgFixture['analyst'], ref: string) =>
    expectOk(
      client.post('/api/v1/alert', {
        type: 'render',
        source: 't',
        sourceRef: ref,
        title: 'a',
        description: 'd',
        observables: [ip],
      }),
      'alert',
    );
  alertId = (await alert(soc.analyst, 'render-1'))._id;
  partnerAlertId = (await alert(partner.analyst, 'render-2'))._id;
}, 60_000);

describe('similar cases rendered once', () => {
  it('keeps every column of a case row', async () => {
    const id = await newCase('columns');
    const row = await server.propolis.deps.db
      .selectFrom('case')
      .selectAll()
      .where('id', '=', Number(id.slice(1)))
      .executeTakeFirstOrThrow();
    const columns = Object.keys(row);
    expect([...CASE_ROW_COLUMNS].sort()).toEqual(columns.sort());
  });

  it('shows each change of a listed case in the next answer', async () => {
    const id = await newCase('first title');
    const before = await expectCurrent(id);
    // the same answer again (served from the kept text): the same case
    expect(await expectCurrent(id)).toEqual(before);

    expect((await soc.analyst.patch(`/api/v1/case/${id}`, { title: 'second title' })).status).toBe(204);
    expect((await expectCurrent(id)).title).toBe('second title');

    expect((await soc.analyst.patch(`/api/v1/case/${id}`, { status: 'InProgress' })).status).toBe(204);
    expect((await expectCurrent(id)).status).toBe('InProgress');

    expect((await soc.analyst.patch(`/api/v1/case/${id}`, { tags: ['t1', 't2'] })).status).toBe(204);
    expect((await expectCurrent(id)).tags).toEqual(['t1', 't2']);

    // Two changes within the same millisecond are told apart: each answer follows the row.
    await Promise.all([
      soc.analyst.patch(`/api/v1/case/${id}`, { severity: 3 }),
      soc.analyst.patch(`/api/v1/case/${id}`, { flag: true }),
    ]);
    const both = await expectCurrent(id);
    expect([both.severity, both.flag]).toEqual([3, true]);

    // A custom field is not part of a similar case's output; the answer still follows the case.
    const cf = await soc.analyst.patch(`/api/v1/case/${id}`, { customFields: { 'render-ticket': 'T-9' } });
    expect(cf.status, cf.text).toBe(204);
    await expectCurrent(id);
  });

  it('leaves out merged and deleted cases, and lists the merged one as it is', async () => {
    const a = await newCase('merge a');
    const b = await newCase('merge b');
    await expectCurrent(a);
    await expectCurrent(b);
    const merged = await soc.analyst.post(`/api/v1/case/_merge/${a},${b}`);
    expect(merged.status, merged.text).toBe(201);
    const ids = (await similar(soc.analyst, alertId)).map((s) => s.case._id);
    expect(ids).toContain(merged.body._id);
    expect(ids).not.toContain(a);
    expect(ids).not.toContain(b);
    await expectCurrent(merged.body._id);

    const gone = await newCase('deleted');
    await expectCurrent(gone);
    expect((await soc.orgAdmin.send('DELETE', `/api/v1/case/${gone}`)).status).toBe(204);
    expect((await similar(soc.analyst, alertId)).map((s) => s.case._id)).not.toContain(gone);
  });

  it('shows a shared case to the partner while shared, changed as it changes', async () => {
    const id = await newCase('shared');
    const shared = await soc.analyst.post(`/api/v1/case/${id}/shares`, {
      shares: [{ organisation: 'render-partner', profile: 'read-only' }],
    });
    expect(shared.status, shared.text).toBeLessThan(300);
    const seen = async () =>
      (await similar(partner.analyst, partnerAlertId)).find((s) => s.case._id === id)?.case;
    expect((await seen())?.title).toBe('shared');
    expect((await soc.analyst.patch(`/api/v1/case/${id}`, { title: 'shared, renamed' })).status).toBe(204);
    expect((await seen())?.title).toBe('shared, renamed');
    const removed = await soc.analyst.send('DELETE', `/api/v1/case/${id}/shares`, {
      organisations: ['render-partner'],
    });
    expect(removed.status).toBe(204);
    expect(await seen()).toBeUndefined();
  });

  it('answers similar cases and similar alerts together, in that order', async () => {
    const res = await soc.analyst.get(`/api/v1/alert/${alertId}?extraData=similarCases,similarAlerts`);
    expect(res.status).toBe(200);
    const keys = Object.keys(res.body.extraData);
    expect(keys.slice(-2)).toEqual(['similarCases', 'similarAlerts']);
    expect(res.body.extraData.similarAlerts.map((s: { alert: { _id: string } }) => s.alert._id)).toEqual([]);
    const alone = await soc.analyst.get(`/api/v1/alert/${alertId}?extraData=similarAlerts`);
    expect(alone.body.extraData.similarCases).toBeUndefined();
    expect(alone.body.extraData.similarAlerts).toEqual([]);
  });
});
