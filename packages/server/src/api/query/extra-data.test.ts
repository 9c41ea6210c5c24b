/**
 * v1 `page` extraData, the similarity navigation steps, TheHive 4's initial counters and task
 * lists, user → cases / tasks, and the v0 `/case/{caseId}/task/_search` through the engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createTask, postAlert } from '../../test-support/factories.js';
import { createQueryFixture, type QueryFixture } from '../../test-support/query-fixture.js';
import { useTestServer } from '../../test-support/server.js';

const server = useTestServer();
let f: QueryFixture;
let alertId: string;

beforeAll(async () => {
  f = await createQueryFixture(server);
  // an alert sharing the IP of c1, and a second case sharing it too (c1 ↔ c4 linked)
  const alert = await postAlert(f.soc.analyst, {
    source: 'wazuh',
    title: 'Alert with a known IP',
    observables: [{ dataType: 'ip', data: '1.2.3.4' }],
  });
  alertId = alert._id;
  await addObservable(f.soc.analyst, f.cases.c4.id, { dataType: 'ip', data: '1.2.3.4' });
  await createTask(f.soc.analyst, f.cases.c4.id, { title: 'Wait here', mandatory: true });
}, 60_000);

const q = (query: unknown[]) => f.soc.analyst.post('/api/v1/query', { query });

describe('extraData', () => {
  it('case statistics, alerts, ownership and handling durations', async () => {
    const res = await q([
      { _name: 'listCase' },
      { _name: 'sort', _fields: [{ startDate: 'asc' }] },
      {
        _name: 'page',
        from: 0,
        to: 10,
        extraData: [
          'observableStats',
          'taskStats',
          'alerts',
          'alertCount',
          'isOwner',
          'shareCount',
          'permissions',
          'computed.handlingDurationInDays',
          'actionRequired',
          'unknownName',
        ],
      },
    ]);
    expect(res.status, res.text).toBe(200);
    const byTitle = Object.fromEntries(res.body.map((c: any) => [c.title, c.extraData]));
    const c1 = byTitle['Phishing wave'];
    expect(c1.observableStats).toEqual({ total: 2, ioc: 1 });
    // adding a log started "Analyse mail"
    expect(c1.taskStats).toEqual({ Waiting: 0, InProgress: 2, Completed: 0, Cancel: 0, total: 2 });
    expect(c1.alertCount).toBe(0);
    expect(c1.alerts).toEqual([]);
    expect(c1.isOwner).toBe(true);
    expect(c1.shareCount).toBe(0);
    expect(c1.permissions).toContain('manageCase');
    expect(c1['computed.handlingDurationInDays']).toBeUndefined();
    // only c4 has a mandatory open task ("Wait here")
    expect(c1.actionRequired).toBe(false);
    expect(byTitle['Phishing follow-up'].actionRequired).toBe(true);
    // c2 is closed
    expect(typeof byTitle['Ransomware outbreak']['computed.handlingDurationInDays']).toBe('number');
  });

  it('alert status, relatedCase, similarCases; observable seen; task and log parents', async () => {
    const alerts = await q([
      { _name: 'getAlert', idOrName: alertId },
      { _name: 'page', from: 0, to: 1, extraData: ['status', 'similarCases', 'relatedCase'] },
    ]);
    const extra = alerts.body[0].extraData;
    expect(extra.status).toBe('New');
    expect(extra.relatedCase).toBeUndefined();
    expect(extra.similarCases.map((s: any) => s.case.title).sort()).toEqual([
      'Phishing follow-up',
      'Phishing wave',
    ]);

    const obs = await q([
      { _name: 'getObservable', idOrName: f.observables.ip1 },
      { _name: 'page', from: 0, to: 1, extraData: ['seen', 'seenSummary'] },
    ]);
    expect(obs.body[0].extraData.seen).toEqual({ seen: 1, ioc: false });
    expect(obs.body[0].extraData.seenSummary).toEqual({ seen: 1, ioc: false });

    const tasks = await q([
      { _name: 'getTask', idOrName: f.tasks.analyse },
      { _name: 'page', from: 0, to: 1, extraData: ['case', 'caseId'] },
    ]);
    expect(tasks.body[0].extraData.caseId).toBe(f.cases.c1.id);
    expect(tasks.body[0].extraData.case.title).toBe('Phishing wave');

    const waiting = await q([
      { _name: 'listTask' },
      { _name: 'sort', _fields: [{ title: 'asc' }] },
      { _name: 'page', from: 0, to: 10, extraData: ['actionRequired'] },
    ]);
    const required = waiting.body.filter((t: any) => t.extraData.actionRequired).map((t: any) => t.title);
    expect(required).toEqual(['Wait here']);

    const logs = await q([
      { _name: 'getTask', idOrName: f.tasks.analyse },
      { _name: 'logs' },
      { _name: 'page', from: 0, to: 5, extraData: ['task', 'taskId', 'case'] },
    ]);
    expect(logs.body.length).toBe(2);
    for (const l of logs.body) {
      expect(l.extraData.taskId).toBe(f.tasks.analyse);
      expect(l.extraData.task.title).toBe('Analyse mail');
      expect(l.extraData.case.number).toBe(f.cases.c1.number);
    }
  });
});

describe('navigation', () => {
  it('similar cases, linked cases and similar observables', async () => {
    const fromAlert = await q([{ _name: 'getAlert', idOrName: alertId }, { _name: 'similarCases' }]);
    expect(fromAlert.body.map((c: any) => c.title).sort()).toEqual(['Phishing follow-up', 'Phishing wave']);
    for (const step of ['linkedCases', 'links', 'similarCases']) {
      const linked = await q([{ _name: 'getCase', idOrName: f.cases.c1.id }, { _name: step }]);
      expect(linked.body.map((c: any) => c.title)).toEqual(['Phishing follow-up']);
    }
    const similar = await q([
      { _name: 'getObservable', idOrName: f.observables.ip1 },
      { _name: 'similar' },
      { _name: 'count' },
    ]);
    expect(similar.body).toBe(1);
  });

  it('user → cases and tasks, counters, waiting and my tasks', async () => {
    const login = f.soc.logins.analyst;
    const cases = await q([{ _name: 'getUser', idOrName: login }, { _name: 'cases' }, { _name: 'count' }]);
    expect(cases.body).toBe(2);
    const tasks = await q([{ _name: 'currentUser' }, { _name: 'tasks' }]);
    expect(tasks.body.map((t: any) => t.title)).toEqual(['Block sender']);
    const count = async (name: string) => (await q([{ _name: name }])).body;
    expect(await count('countCase')).toBe(4);
    expect(await count('countAlert')).toBe(1);
    expect(await count('countUnreadAlert')).toBe(1);
    expect(await count('countImportedAlert')).toBe(0);
    expect(await count('countTask')).toBe(4);
    expect(await count('countCaseObservable')).toBe(4);
    expect(await count('countAlertObservable')).toBe(1);
    const waiting = await q([{ _name: 'waitingTasks' }]);
    expect(waiting.body.map((t: any) => t.title)).toEqual(['Wait here']);
    const mine = await q([{ _name: 'myTasks' }, { _name: 'count' }]);
    expect(mine.body).toBe(1);
  });
});

describe('v0 tasks of a case', () => {
  it('POST /api/case/{caseId}/task/_search is the tasks of that case and the query', async () => {
    const all = await f.soc.analyst.post(`/api/case/${f.cases.c1.id}/task/_search?range=all`, {});
    expect(all.status, all.text).toBe(200);
    expect(all.body.map((t: any) => t.title).sort()).toEqual(['Analyse mail', 'Block sender']);
    expect(all.headers.get('x-total')).toBe('2');
    const filtered = await f.soc.analyst.post(`/api/case/${f.cases.c1.id}/task/_search`, {
      query: { _string: 'title:block*' },
    });
    expect(filtered.body.map((t: any) => t.title)).toEqual(['Block sender']);
  });
});
