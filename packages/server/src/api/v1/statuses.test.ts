/**
 * Organisation-defined case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`): CRUD,
 * the built-in statuses kept, and custom statuses used by cases and alerts, filters, statistics,
 * v0 renderings and alert imports.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const query = (q: unknown[]) => ({ query: q });

describe('custom statuses', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('keeps the built-in statuses and adds the organisation own', async () => {
    const before = (await soc.readOnly.get('/api/v1/caseStatus')).body;
    expect(before.map((s: { value: string }) => s.value)).toEqual([
      'New',
      'InProgress',
      'TruePositive',
      'FalsePositive',
      'Indeterminate',
      'Other',
      'Duplicated',
    ]);
    expect(before[0]).toMatchObject({ _type: 'CaseStatus', value: 'New', stage: 'New', builtin: true });
    const created = await soc.orgAdmin.post('/api/v1/caseStatus', {
      value: 'Escalated',
      stage: 'InProgress',
      colour: '#FF8800',
      order: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      value: 'Escalated',
      stage: 'InProgress',
      colour: '#ff8800',
      order: 3,
      hidden: false,
      builtin: false,
    });
    expect(
      (
        await soc.orgAdmin.patch(`/api/v1/caseStatus/${created.body._id}`, {
          hidden: true,
          colour: '#000000',
        })
      ).status,
    ).toBe(204);
    const after = (await soc.analyst.get('/api/v1/caseStatus')).body;
    expect(after.at(-1)).toMatchObject({ value: 'Escalated', hidden: true, colour: '#000000' });
    // another organisation does not have it
    expect(
      (await other.analyst.get('/api/v1/caseStatus')).body.map((s: { value: string }) => s.value),
    ).not.toContain('Escalated');
    expect(
      (await other.orgAdmin.patch(`/api/v1/caseStatus/${created.body._id}`, { hidden: false })).status,
    ).toBe(404);
    expect((await other.orgAdmin.delete(`/api/v1/caseStatus/${created.body._id}`)).status).toBe(404);
    // the query language lists and gets them as the routes do (listCaseStatus, getCaseStatus)
    const listed = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'listCaseStatus' }, { _name: 'filter', _eq: { _field: 'builtin', _value: false } }]),
    );
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toEqual([after.at(-1)]);
    for (const idOrName of [created.body._id, 'escalated'])
      expect(
        (await soc.analyst.post('/api/v1/query', query([{ _name: 'getCaseStatus', idOrName }]))).body,
      ).toEqual([after.at(-1)]);
    expect(
      (await other.analyst.post('/api/v1/query', query([{ _name: 'getCaseStatus', idOrName: 'Escalated' }])))
        .body,
    ).toEqual([]);
    const alertStatuses = await soc.analyst.post(
      '/api/v1/query',
      query([{ _name: 'listAlertStatus' }, { _name: 'count' }]),
    );
    expect(alertStatuses.body).toBe((await soc.analyst.get('/api/v1/alertStatus')).body.length);
  });

  it('refuses bad statuses, changes of built-ins and writers without manageConfig', async () => {
    expect((await soc.analyst.post('/api/v1/caseStatus', { value: 'Mine', stage: 'Closed' })).status).toBe(
      403,
    );
    const dup = await soc.orgAdmin.post('/api/v1/caseStatus', { value: 'truepositive', stage: 'Closed' });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toContain('built-in');
    expect(
      (await soc.orgAdmin.post('/api/v1/caseStatus', { value: 'Resolved', stage: 'Closed' })).status,
    ).toBe(400);
    expect((await soc.orgAdmin.post('/api/v1/caseStatus', { value: 'Nope', stage: 'Imported' })).status).toBe(
      400,
    );
    expect((await soc.orgAdmin.post('/api/v1/caseStatus', { value: 'has space', stage: 'New' })).status).toBe(
      400,
    );
    expect((await soc.orgAdmin.patch('/api/v1/caseStatus/New', { colour: '#ffffff' })).status).toBe(400);
    expect((await soc.orgAdmin.delete('/api/v1/caseStatus/New')).status).toBe(400);
    const s = await expectOk(
      soc.orgAdmin.post('/api/v1/alertStatus', { value: 'Triaged', stage: 'InProgress' }),
      'alert status',
    );
    expect((await soc.orgAdmin.patch(`/api/v1/alertStatus/${s._id}`, { stage: 'Closed' })).status).toBe(400);
    expect(
      (await soc.orgAdmin.post('/api/v1/alertStatus', { value: 'triaged', stage: 'Closed' })).status,
    ).toBe(400);
  });

  it('lets cases take a custom status, in filters, statistics and v0, and not after it is gone', async () => {
    await expectOk(
      soc.orgAdmin.post('/api/v1/caseStatus', { value: 'Contained', stage: 'Closed' }),
      'status',
    );
    await expectOk(
      soc.orgAdmin.post('/api/v1/caseStatus', { value: 'Waiting', stage: 'InProgress' }),
      'status',
    );
    const kase = await createCase(soc.analyst, { status: 'waiting' });
    expect(kase).toMatchObject({ status: 'Waiting', stage: 'InProgress' });
    const v0 = (await soc.analyst.get(`/api/case/${kase._id}`)).body;
    expect(v0).toMatchObject({ status: 'Open' });
    const task = await expectOk(soc.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 't' }), 'task');
    expect(
      (await soc.analyst.patch(`/api/v1/case/${kase._id}`, { status: 'Contained', summary: 'done' })).status,
    ).toBe(204);
    const closed = (await soc.analyst.get(`/api/v1/case/${kase._id}`)).body;
    expect(closed).toMatchObject({ status: 'Contained', stage: 'Closed' });
    expect(closed.endDate).toBeTypeOf('number');
    expect((await soc.analyst.get(`/api/v1/task/${task._id}`)).body.status).toBe('Cancel');
    expect((await soc.analyst.get(`/api/case/${kase._id}`)).body).toMatchObject({
      status: 'Resolved',
      resolutionStatus: 'Contained',
    });

    const found = await soc.analyst.post(
      '/api/v1/query',
      query([
        { _name: 'listCase' },
        { _name: 'filter', _eq: { _field: 'status', _value: 'Contained' } },
        { _name: 'count' },
      ]),
    );
    expect(found.body).toBe(1);
    const stats = await soc.analyst.post(
      '/api/v1/query',
      query([
        { _name: 'listCase' },
        { _name: 'aggregation', _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] },
      ]),
    );
    expect(stats.status).toBe(200);
    expect(JSON.stringify(stats.body)).toContain('Contained');

    const unknown = await soc.analyst.patch(`/api/v1/case/${kase._id}`, { status: 'Frozen' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('Contained');
    // the other organisation does not know it
    const foreign = await other.analyst.post('/api/v1/case', {
      title: 't',
      description: 'd',
      status: 'Contained',
    });
    expect(foreign.status).toBe(400);
    // in use: not deleted; hidden still works
    expect((await soc.orgAdmin.delete('/api/v1/caseStatus/Contained')).status).toBe(400);
    expect((await soc.analyst.patch(`/api/v1/case/${kase._id}`, { status: 'TruePositive' })).status).toBe(
      204,
    );
    expect((await soc.orgAdmin.delete('/api/v1/caseStatus/Contained')).status).toBe(204);
    expect((await soc.analyst.patch(`/api/v1/case/${kase._id}`, { status: 'Contained' })).status).toBe(400);
  });

  it('lets alerts take a custom status and imports them into cases', async () => {
    await expectOk(
      soc.orgAdmin.post('/api/v1/alertStatus', { value: 'Escalating', stage: 'InProgress' }),
      'status',
    );
    const alert = await postAlert(soc.analyst);
    expect((await soc.analyst.patch(`/api/v1/alert/${alert._id}`, { status: 'Escalating' })).status).toBe(
      204,
    );
    expect((await soc.analyst.get(`/api/v1/alert/${alert._id}`)).body).toMatchObject({
      status: 'Escalating',
      stage: 'InProgress',
    });
    const count = await soc.analyst.post(
      '/api/v1/query',
      query([
        { _name: 'listAlert' },
        { _name: 'filter', _eq: { _field: 'status', _value: 'Escalating' } },
        { _name: 'count' },
      ]),
    );
    expect(count.body).toBe(1);
    expect((await soc.analyst.patch(`/api/v1/alert/${alert._id}`, { status: 'Nonsense' })).status).toBe(400);
    await expectOk(soc.orgAdmin.post('/api/v1/caseStatus', { value: 'Triage', stage: 'New' }), 'case status');
    const kase = await expectOk(
      soc.analyst.post(`/api/v1/alert/${alert._id}/case`, { status: 'Triage' }),
      'import',
    );
    expect(kase).toMatchObject({ status: 'Triage', stage: 'New' });
  });
});
