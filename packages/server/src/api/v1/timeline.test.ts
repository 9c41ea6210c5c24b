/**
 * The case timeline (TheHive 5) built from what happened to the case, and its custom events, as
 * thehive4py 2.x's `api.timeline` calls them.
 */
import { describe, expect, it } from 'vitest';
import { createCase, expectOk, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const day = Date.UTC(2026, 0, 10);

describe('timeline', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'soc');
  const other = useOrganisation(server, 'other');

  it('tells what happened to a case, oldest first, with custom events', async () => {
    const kase = await createCase(soc.analyst);
    const task = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/task`, { title: 'Contain' }),
      'task',
    );
    await expectOk(soc.analyst.patch(`/api/v1/task/${task._id}`, { status: 'InProgress' }), 'start');
    await expectOk(soc.analyst.patch(`/api/v1/task/${task._id}`, { status: 'Completed' }), 'close');
    const [sighted] = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/observable`, {
        dataType: 'ip',
        data: '192.0.2.7',
        sighted: true,
        sightedAt: day + 3000,
      }),
      'observable',
    );
    await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/observable`, { dataType: 'ip', data: '192.0.2.8' }),
      'unsighted',
    );
    const alert = await postAlert(soc.analyst);
    await expectOk(soc.analyst.post(`/api/v1/alert/${alert._id}/merge/${kase._id}`), 'merge');
    await expectOk(
      soc.analyst.post(`/api/v1/task/${task._id}/log`, {
        message: 'kept in the timeline',
        includeInTimeline: day + 4000,
      }),
      'log',
    );

    // thehive4py: timeline.create_event, update_event, get, delete_event
    const event = await soc.analyst.post(`/api/v1/case/${kase._id}/customEvent`, {
      date: day,
      endDate: day + 1000,
      title: 'Phishing mail received',
      description: 'by 12 users',
    });
    expect(event.status).toBe(201);
    expect(event.body).toMatchObject({
      _type: 'CustomEvent',
      date: day,
      endDate: day + 1000,
      title: 'Phishing mail received',
      description: 'by 12 users',
    });
    expect(
      (await soc.analyst.patch(`/api/v1/customEvent/${event.body._id}`, { title: 'Phishing mail delivered' }))
        .status,
    ).toBe(204);

    const res = await soc.readOnly.get(`/api/v1/case/${kase._id}/timeline`);
    expect(res.status).toBe(200);
    const events = res.body.events as Array<{
      date: number;
      kind: string;
      entity: string;
      entityId: string;
      details: any;
      endDate?: number;
    }>;
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort((a, b) => a - b));
    expect(events[0]).toEqual({
      date: day,
      endDate: day + 1000,
      kind: 'CustomEvent',
      entity: 'CustomEvent',
      entityId: event.body._id,
      details: { title: 'Phishing mail delivered', description: 'by 12 users' },
    });
    const kinds = events.map((e) => `${e.kind} ${e.entityId}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `CaseCreated ${kase._id}`,
        `TaskStarted ${task._id}`,
        `TaskClosed ${task._id}`,
        `ObservableSighted ${sighted._id}`,
        `AlertMerged ${alert._id}`,
      ]),
    );
    expect(events.filter((e) => e.kind === 'ObservableSighted')).toEqual([
      expect.objectContaining({
        date: day + 3000,
        details: { dataType: 'ip', data: '192.0.2.7', ioc: false },
      }),
    ]);
    expect(events.find((e) => e.kind === 'LogAdded')).toMatchObject({
      date: day + 4000,
      details: { message: 'kept in the timeline' },
    });

    expect((await soc.analyst.delete(`/api/v1/customEvent/${event.body._id}`)).status).toBe(204);
    const after = (await soc.analyst.get(`/api/v1/case/${kase._id}/timeline`)).body.events;
    expect(after.some((e: { kind: string }) => e.kind === 'CustomEvent')).toBe(false);
  });

  it('shows procedures at their occurDate', async () => {
    const bundle = {
      type: 'bundle',
      objects: [
        {
          type: 'attack-pattern',
          id: 'attack-pattern--t',
          name: 'Phishing',
          external_references: [{ source_name: 'mitre-attack', external_id: 'T1566' }],
          kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
        },
      ],
    };
    await expectOk(server.admin.post('/api/v1/pattern/import/attack', bundle), 'catalog');
    const kase = await createCase(soc.analyst);
    const p = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/procedure`, {
        occurDate: day - 5000,
        patternId: 'T1566',
        description: 'link',
      }),
      'procedure',
    );
    const { events } = (await soc.analyst.get(`/api/v1/case/${kase._id}/timeline`)).body;
    expect(events[0]).toEqual({
      date: day - 5000,
      kind: 'ProcedureOccurred',
      entity: 'Procedure',
      entityId: p._id,
      details: {
        patternId: 'T1566',
        patternName: 'Phishing',
        tactic: 'initial-access',
        tacticLabel: 'Initial Access',
        description: 'link',
      },
    });
  });

  it('refuses bad events, read-only writers and other organisations', async () => {
    const kase = await createCase(soc.analyst);
    const bad = await soc.analyst.post(`/api/v1/case/${kase._id}/customEvent`, {
      date: day,
      endDate: day - 1,
      title: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('endDate');
    expect((await soc.analyst.post(`/api/v1/case/${kase._id}/customEvent`, { date: day })).status).toBe(400);
    const ro = await soc.readOnly.post(`/api/v1/case/${kase._id}/customEvent`, { date: day, title: 'x' });
    expect(ro.status).toBe(403);
    const e = await expectOk(
      soc.analyst.post(`/api/v1/case/${kase._id}/customEvent`, { date: day, title: 'mine' }),
      'event',
    );
    expect((await soc.readOnly.delete(`/api/v1/customEvent/${e._id}`)).status).toBe(403);
    expect((await other.analyst.get(`/api/v1/case/${kase._id}/timeline`)).status).toBe(404);
    expect(
      (await other.analyst.post(`/api/v1/case/${kase._id}/customEvent`, { date: day, title: 'x' })).status,
    ).toBe(404);
    expect((await other.analyst.patch(`/api/v1/customEvent/${e._id}`, { title: 'x' })).status).toBe(404);
    expect((await other.analyst.delete(`/api/v1/customEvent/${e._id}`)).status).toBe(404);
    const { events } = (await soc.analyst.get(`/api/v1/case/${kase._id}/timeline`)).body;
    expect(events.filter((x: { kind: string }) => x.kind === 'CustomEvent')).toMatchObject([
      { details: { title: 'mine' } },
    ]);
  });
});
