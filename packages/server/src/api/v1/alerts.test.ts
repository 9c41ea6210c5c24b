/**
 * Alerts through the v1 API with the request shapes thehive4py 2.x sends: creation with
 * observables (JSON, and multipart with an attachment map), deduplication (also under 50
 * concurrent identical creations), update, bulk update, read/follow, delete, import as a case,
 * merge, bulk merge, similarity, permissions and organisation boundaries. What succeeds goes
 * through the client's typed namespaces; what is refused through raw calls that see the status.
 */
import { createHash } from 'node:crypto';
import { AlertStatus, eq, type InputAlert, Pap, Severity, Tlp } from '@propolis/client';
import { describe, expect, it } from 'vitest';
import { alertBody, caseWith, createCase, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { postMultipart } from '../../test-support/multipart.js';
import { useTestServer } from '../../test-support/server.js';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('v1 alerts', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'alert-soc');
  const other = useOrganisation(server, 'alert-other');

  it('creates an alert with observables in TheHive 5 shape', async () => {
    const created = await soc.analyst.alert.create(
      alertBody({
        severity: Severity.High,
        tlp: Tlp.AmberStrict,
        pap: Pap.Green,
        tags: ['phishing', 'phishing', 'mail'],
        externalLink: 'https://siem.example/1',
        observables: [
          { dataType: 'ip', data: '203.0.113.7', ioc: true },
          { dataType: 'domain', data: ['Evil.Example', 'evil.example'], tags: ['c2'] },
        ],
      }) as InputAlert,
    );
    expect(created).toMatchObject({
      _type: 'Alert',
      type: 'siem',
      source: 'test',
      severity: 3,
      severityLabel: 'HIGH',
      tlp: 3,
      tlpLabel: 'AMBER+STRICT',
      pap: 1,
      papLabel: 'GREEN',
      tags: ['phishing', 'mail'],
      status: 'New',
      stage: 'New',
      read: false,
      follow: true,
      observableCount: 2,
      externalLink: 'https://siem.example/1',
      customFields: [],
      extraData: { imported: false, handlingDuration: 0 },
    });
    expect(created._id).toMatch(/^~\d+$/);
    expect(created.caseId).toBeUndefined();
    const byKey = await soc.readOnly.alert.get(`siem;test;${created.sourceRef}`);
    expect(byKey._id).toBe(created._id);
  });

  it('writes observables with their tags, and merges a value named twice into one observable', async () => {
    const distinct = await soc.analyst.alert.create({
      ...alertBody({ tags: ['batch'] }),
      observables: [
        { dataType: 'ip', data: '203.0.113.7', tags: ['edge', 'fw'], ioc: true },
        { dataType: 'domain', data: 'Batch.Example.org', message: 'resolver log' },
        { dataType: 'ip', data: ['203.0.113.8', '203.0.113.9'] },
      ],
    } as InputAlert);
    expect(distinct.observableCount).toBe(4);
    const read = await soc.analyst.alert.observables(distinct._id);
    const byData = new Map(read.map((o) => [o.data, o]));
    expect([...byData.keys()].sort()).toEqual([
      '203.0.113.7',
      '203.0.113.8',
      '203.0.113.9',
      'batch.example.org',
    ]);
    expect(byData.get('203.0.113.7')).toMatchObject({ ioc: true, tags: ['edge', 'fw'] });
    expect(byData.get('batch.example.org')).toMatchObject({ message: 'resolver log', ioc: false });
    // Observable tags are indexed: a tag filter finds the observable.
    const tagged = await soc.analyst.observable.find({ filter: eq('tags', 'fw') });
    expect(tagged.map((o) => o.data)).toEqual(['203.0.113.7']);

    const twice = await soc.analyst.alert.create({
      ...alertBody(),
      observables: [
        { dataType: 'ip', data: '203.0.113.20', tags: ['first'] },
        { dataType: 'ip', data: '203.0.113.20', tags: ['second'], ioc: true },
        { dataType: 'domain', data: 'once.example.org' },
      ],
    } as InputAlert);
    expect(twice.observableCount).toBe(2);
    const merged = await soc.analyst.alert.observables(twice._id);
    expect(merged).toHaveLength(2);
    const ip = merged.find((o) => o.data === '203.0.113.20')!;
    expect(ip.ioc).toBe(true);
    expect([...ip.tags].sort()).toEqual(['first', 'second']);
  });

  it('creates an alert from a multipart body with an attachment map (thehive4py 2.x)', async () => {
    const body = alertBody({
      observables: [
        { dataType: 'file', attachment: 'sample', message: 'dropper' },
        { dataType: 'file', attachment: 'other' },
        { dataType: 'ip', data: '198.51.100.1' },
      ],
    });
    const res = await postMultipart(soc.analyst, '/api/v1/alert', [
      { name: '_json', filename: '_json', data: JSON.stringify(body) },
      {
        name: 'sample',
        filename: 'sample.exe',
        data: 'MZ sample bytes',
        contentType: 'application/octet-stream',
      },
      { name: 'other', filename: 'other.txt', data: 'other bytes', contentType: 'text/plain' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.observableCount).toBe(3);
    const q = await soc.analyst.get(`/api/alert/${res.body._id}`);
    const files = q.body.artifacts.filter((a: any) => a.dataType === 'file');
    expect(files.map((f: any) => f.attachment.name).sort()).toEqual(['other.txt', 'sample.exe']);
    expect(files.find((f: any) => f.attachment.name === 'sample.exe').attachment.id).toBe(
      sha256('MZ sample bytes'),
    );
  });

  it('refuses a duplicate with TheHive ConflictError and keeps the first alert intact', async () => {
    const first = await postAlert(soc.analyst, { sourceRef: 'dup-1', title: 'first' });
    const second = await soc.analyst.post(
      '/api/v1/alert',
      alertBody({ sourceRef: 'dup-1', title: 'second' }),
    );
    expect(second.status).toBe(400);
    expect(second.body.type).toBe('ConflictError');
    expect(second.body.message).toMatch(/^Alert siem;test;dup-1 already exists/);
    expect((await soc.analyst.alert.get(first._id)).title).toBe('first');
    // The same key in another organisation is another alert.
    expect((await postAlert(other.analyst, { sourceRef: 'dup-1' })).sourceRef).toBe('dup-1');
  });

  it('creates exactly one alert when 50 clients post the same one at once', async () => {
    const body = alertBody({ sourceRef: 'race', observables: [{ dataType: 'ip', data: '192.0.2.50' }] });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => soc.analyst.post('/api/v1/alert', body)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 400)) expect(r.body.type).toBe('ConflictError');
    const rows = await server.propolis.deps.db
      .selectFrom('alert')
      .select('id')
      .where('source_ref', '=', 'race')
      .execute();
    expect(rows).toHaveLength(1);
    const obs = await server.propolis.deps.db
      .selectFrom('observable')
      .select('id')
      .where('alert_id', '=', rows[0]!.id)
      .execute();
    expect(obs).toHaveLength(1);
  });

  it('answers each of a burst of mixed alerts on its own: new ones 201, duplicates and bad ones 400', async () => {
    // posted at once, they share commits (group commit): a duplicate or a bad alert fails alone
    const bodies = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? alertBody({ sourceRef: 'burst-dup', observables: [{ dataType: 'ip', data: `192.0.2.${i}` }] })
        : i % 3 === 1
          ? alertBody({ sourceRef: `burst-bad-${i}`, observables: [{ dataType: 'ip', data: 'not an ip' }] })
          : alertBody({
              sourceRef: `burst-${i}`,
              observables: [{ dataType: 'domain', data: `b${i}.example` }],
            }),
    );
    const results = await Promise.all(bodies.map((b) => soc.analyst.post('/api/v1/alert', b)));
    const by = (k: number) => results.filter((_, i) => i % 3 === k);
    expect(by(0).filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of by(0).filter((x) => x.status !== 201)) {
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('ConflictError');
    }
    for (const r of by(1)) {
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('BadRequest');
      expect(r.body.message).toMatch(/observables\[0\]/);
    }
    for (const r of [...by(2), ...by(0).filter((x) => x.status === 201)]) {
      expect(r.status).toBe(201);
      // answered after commit: another connection reads it at once, with its observable
      const read = await soc.analyst.get(`/api/v1/alert/${r.body._id}?extraData=similarCases`);
      expect(read.status).toBe(200);
      expect(read.body.observableCount).toBe(1);
    }
    const rows = await server.propolis.deps.db
      .selectFrom('alert')
      .select('source_ref')
      .where('source_ref', 'like', 'burst-%')
      .execute();
    expect(rows.map((r) => r.source_ref).sort()).toEqual(
      ['burst-dup', ...by(2).map((r) => r.body.sourceRef as string)].sort(),
    );
  });

  it('finds a just-posted alert by search and similarity, each of a burst as soon as it is answered', async () => {
    // a case holding the value before the burst: every alert of the burst is similar to it
    const kase = await caseWith(soc.analyst, [{ dataType: 'domain', data: 'fresh-ingest.example' }], {
      title: 'holds the fresh value',
    });
    const posted = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        soc.analyst.post(
          '/api/v1/alert',
          alertBody({
            sourceRef: `fresh-${i}`,
            title: `zephyrquartz ${i}`,
            observables: [
              { dataType: 'domain', data: 'fresh-ingest.example' },
              { dataType: 'fqdn', data: `only-${i}.quartzfresh.example` },
            ],
          }),
        ),
      ),
    );
    for (const [i, res] of posted.entries()) {
      expect(res.status).toBe(201);
      // full-text on the alert's title, and on its observable's data
      const byTitle = await soc.analyst.post('/api/v1/query', {
        query: [
          { _name: 'listAlert' },
          { _name: 'filter', _match: { _field: 'title', _value: `zephyrquartz ${i}` } },
        ],
      });
      expect(byTitle.status).toBe(200);
      expect(byTitle.body.map((a: any) => a._id)).toContain(res.body._id);
      const byData = await soc.analyst.post('/api/v1/query', {
        query: [
          { _name: 'getAlert', idOrName: res.body._id },
          { _name: 'observables' },
          { _name: 'filter', _match: { _field: 'data', _value: `only ${i} quartzfresh` } },
        ],
      });
      expect(byData.status).toBe(200);
      expect(byData.body.map((o: any) => o.data)).toEqual([`only-${i}.quartzfresh.example`]);
      const read = await soc.analyst.get(
        `/api/v1/alert/${res.body._id}?extraData=similarCases,similarAlerts`,
      );
      expect(read.body.extraData.similarCases.map((c: any) => c.case._id)).toEqual([kase.id]);
      // the other alerts of the burst hold the value too
      expect(read.body.extraData.similarAlerts).toHaveLength(11);
    }
  });

  it('answers clear 400s for bad input', async () => {
    const { sourceRef: _s, ...noRef } = alertBody();
    const missing = await soc.analyst.post('/api/v1/alert', noRef);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/sourceRef/);
    const badObs = await soc.analyst.post(
      '/api/v1/alert',
      alertBody({ observables: [{ dataType: 'ip', data: 'not-an-ip' }] }),
    );
    expect(badObs.status).toBe(400);
    expect(badObs.body.message).toMatch(/^observables\[0\]\.data:/);
    const badType = await soc.analyst.post(
      '/api/v1/alert',
      alertBody({ observables: [{ dataType: 'nope', data: 'x' }] }),
    );
    expect(badType.status).toBe(400);
    expect(badType.body.message).toMatch(/observables\[0\]\.dataType/);
    const badSeverity = await soc.analyst.post('/api/v1/alert', alertBody({ severity: 9 }));
    expect(badSeverity.status).toBe(400);
    // Nothing was created by the failed requests.
    const count = await server.propolis.deps.db
      .selectFrom('alert')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', '=', 'never')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('updates, bulk updates, reads, follows and assigns', async () => {
    const a = await postAlert(soc.analyst);
    const b = await postAlert(soc.analyst);
    const patching = Date.now();
    await soc.analyst.alert.update(a._id, {
      title: 'Renamed',
      addTags: ['x'],
      status: AlertStatus.InProgress,
      assignee: soc.logins.analyst,
    });
    let got = await soc.analyst.alert.get(a._id);
    expect(got).toMatchObject({
      title: 'Renamed',
      tags: ['x'],
      status: 'InProgress',
      stage: 'InProgress',
      assignee: soc.logins.analyst,
    });
    expect(got.inProgressDate).toBeGreaterThanOrEqual(patching);
    const stranger = await soc.analyst.patch(`/api/v1/alert/${a._id}`, { assignee: other.logins.analyst });
    expect(stranger.status).toBe(400);
    expect((await soc.analyst.patch(`/api/v1/alert/${a._id}`, { status: 'Imported' })).status).toBe(400);
    await soc.analyst.alert.bulkUpdate([a._id, b._id], { severity: Severity.Critical });
    expect((await soc.analyst.alert.get(b._id)).severity).toBe(4);
    const read = await soc.analyst.alert.markAsRead(b._id);
    expect(read).toMatchObject({ read: true, status: AlertStatus.Ignored, stage: 'Closed' });
    const unread = await soc.analyst.alert.markAsUnread(b._id);
    expect(unread).toMatchObject({ read: false, status: AlertStatus.New });
    expect((await soc.analyst.alert.unfollow(b._id)).follow).toBe(false);
    expect((await soc.analyst.alert.follow(b._id)).follow).toBe(true);
    got = await soc.analyst.alert.get(a._id);
    expect(got.severity).toBe(4);
  });

  it('manages alert observables and keeps observableCount right', async () => {
    const a = await postAlert(soc.analyst);
    const created = await soc.analyst.alert.createObservable(a._id, {
      dataType: 'ip',
      data: ['10.1.1.1', '10.1.1.2'],
    });
    expect(created).toHaveLength(2);
    // TheHive 4's name for the same route: not in the client, so raw
    const th4 = await soc.analyst.post(`/api/v1/alert/${a._id}/artifact`, {
      dataType: 'domain',
      data: 'x.example',
    });
    expect(th4.status).toBe(201);
    expect((await soc.analyst.alert.get(a._id)).observableCount).toBe(3);
    const id = created[0]!._id;
    expect((await soc.analyst.observable.get(id)).data).toBe('10.1.1.1');
    await soc.analyst.observable.update(id, { ioc: true });
    expect((await soc.analyst.observable.get(id)).ioc).toBe(true);
    expect((await soc.readOnly.patch(`/api/v1/observable/${id}`, { ioc: false })).status).toBe(403);
    await soc.analyst.observable.delete(id);
    expect((await soc.analyst.alert.get(a._id)).observableCount).toBe(2);
    expect((await other.analyst.get(`/api/v1/observable/${created[1]!._id}`)).status).toBe(404);
  });

  it('imports an alert as a case with a template, in one go', async () => {
    await server.admin.customField.create({
      name: 'alertScore',
      displayName: 'Score',
      type: 'integer',
      description: 'score',
    });
    await soc.orgAdmin.caseTemplate.create({
      name: 'phish',
      titlePrefix: '[PHISH]',
      tags: ['from-template'],
      tasks: [{ title: 'Triage' }],
    });
    const a = await postAlert(soc.analyst, {
      tags: ['t1'],
      severity: 3,
      customFields: [{ name: 'alertScore', value: 7 }],
      observables: [
        { dataType: 'ip', data: '172.16.0.1', ioc: true },
        { dataType: 'hash', data: 'a'.repeat(64) },
      ],
    });
    const kase = await soc.analyst.alert.promoteToCase(a._id, { caseTemplate: 'phish' });
    expect(kase).toMatchObject({
      _type: 'Case',
      title: `[PHISH] ${a.title}`,
      description: a.description,
      severity: 3,
      caseTemplate: 'phish',
      assignee: soc.logins.analyst,
    });
    expect([...kase.tags].sort()).toEqual(['from-template', 't1']);
    expect(kase.customFields).toMatchObject([{ name: 'alertScore', value: 7 }]);
    // Read with its similar cases (its custom fields then read beside the similarity), the alert
    // carries the same custom fields as read alone.
    const alone = await soc.analyst.get(`/api/v1/alert/${a._id}`);
    const withSimilar = await soc.analyst.get(`/api/v1/alert/${a._id}?extraData=similarCases`);
    expect(alone.body.customFields).toMatchObject([{ name: 'alertScore', value: 7 }]);
    expect(withSimilar.body.customFields).toEqual(alone.body.customFields);
    // By id the alert, its custom fields and its values are one read (one statement on
    // PostgreSQL); by `type;source;sourceRef` they are read apart: the same answer. Another
    // organisation's alert, or none, is a 404 either way.
    const key = encodeURIComponent(`${a.type};${a.source};${a.sourceRef}`);
    const byKey = await soc.analyst.get(`/api/v1/alert/${key}?extraData=similarCases,similarAlerts`);
    const byId = await soc.analyst.get(`/api/v1/alert/${a._id}?extraData=similarCases,similarAlerts`);
    expect(byId.status).toBe(200);
    expect(byKey.body).toEqual(byId.body);
    for (const missing of [
      await other.analyst.get(`/api/v1/alert/${a._id}?extraData=similarCases`),
      await soc.analyst.get('/api/v1/alert/~999999999?extraData=similarCases'),
    ]) {
      expect(missing.status).toBe(404);
      expect(missing.body.type).toBe('NotFoundError');
    }
    const got = await soc.analyst.alert.get(a._id);
    expect(got).toMatchObject({
      status: AlertStatus.Imported,
      stage: 'Imported',
      read: true,
      caseId: kase._id,
    });
    const extra = got.extraData as {
      caseNumber: number;
      importDate: number;
      handlingDurationInMinutes: number;
    };
    expect(extra.caseNumber).toBe(kase.number);
    expect(extra.importDate).toBeGreaterThanOrEqual(got._createdAt);
    expect(extra.handlingDurationInMinutes).toBe(Math.floor((extra.importDate - got._createdAt) / 60000));
    expect(await soc.analyst.case.observables(kase._id)).toHaveLength(2);
    const again = await soc.analyst.post(`/api/v1/alert/${a._id}/case`, {});
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/is already imported/);
    expect((await soc.readOnly.post(`/api/v1/alert/${a._id}/case`, {})).status).toBe(403);
  });

  it('merges alerts bringing the same value into one case at once: all succeed, one observable', async () => {
    const kase = await soc.analyst.case.create({ title: 'Concurrent merges', description: 'x' });
    const alerts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postAlert(soc.analyst, {
          observables: [
            { dataType: 'ip', data: '198.51.100.77' },
            { dataType: 'domain', data: `only-${i}.example` },
          ],
        }),
      ),
    );
    const answers = await Promise.all(
      alerts.map((a) => soc.analyst.post(`/api/v1/alert/${a._id}/merge/${kase._id}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(alerts.map(() => 200));
    const values = (await soc.analyst.case.observables(kase._id)).map((o) => o.data).sort();
    expect(values.filter((v) => v === '198.51.100.77')).toHaveLength(1);
    expect(values).toHaveLength(9);
  });

  it('merges alerts into a case, refuses twice and foreign or missing cases', async () => {
    const kase = await soc.analyst.case.create({ title: 'Target', description: 'Base', tags: ['base'] });
    await soc.analyst.case.createObservable(kase._id, { dataType: 'ip', data: '10.9.9.9' });
    const a = await postAlert(soc.analyst, {
      sourceRef: 'm-1',
      title: 'M1',
      tags: ['m'],
      observables: [
        { dataType: 'ip', data: '10.9.9.9' },
        { dataType: 'ip', data: '10.9.9.8' },
      ],
    });
    const res = await soc.analyst.alert.mergeIntoCase(a._id, kase._id);
    expect(res.description).toBe(`Base\n\n#### Merged with alert #m-1 M1\n\n${a.description}`);
    expect([...res.tags].sort()).toEqual(['base', 'm']);
    // the observable both had is not duplicated
    expect((await soc.analyst.case.observables(kase._id)).map((o) => o.data).sort()).toEqual([
      '10.9.9.8',
      '10.9.9.9',
    ]);
    const again = await soc.analyst.post(`/api/v1/alert/${a._id}/merge/${kase._id}`);
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already imported/);
    const b = await postAlert(soc.analyst);
    const c = await postAlert(soc.analyst);
    const foreign = await createCase(other.analyst, { title: 'Foreign', description: 'x' });
    expect((await soc.analyst.post(`/api/v1/alert/${b._id}/merge/${foreign._id}`)).status).toBe(404);
    expect((await soc.analyst.post(`/api/v1/alert/${b._id}/merge/~999999`)).status).toBe(404);
    expect((await other.analyst.post(`/api/v1/alert/${b._id}/merge/${foreign._id}`)).status).toBe(404);
    const bulk = await soc.analyst.alert.bulkMergeIntoCase(kase._id, [b._id, c._id]);
    expect(bulk.description.match(/#### Merged with alert/g)).toHaveLength(3);
    const d = await postAlert(soc.analyst, {
      observables: [{ dataType: 'domain', data: 'only-obs.example' }],
    });
    const imp = await soc.analyst.alert.importIntoCase(d._id, kase._id);
    expect(imp.description).toBe(bulk.description);
    expect((await soc.analyst.alert.get(d._id)).status).toBe(AlertStatus.Imported);
  });

  it('merges only the alert observables chosen, and refuses ids of other observables', async () => {
    const kase = (await soc.analyst.post('/api/v1/case', { title: 'Chosen', description: 'd' })).body;
    const caseObservables = async () =>
      (
        await soc.analyst.post('/api/v1/query', {
          query: [{ _name: 'getCase', idOrName: kase._id }, { _name: 'observables' }],
        })
      ).body
        .map((o: { data: string }) => o.data)
        .sort();
    const a = (
      await soc.analyst.post(
        '/api/v1/alert',
        alertBody({
          sourceRef: 'pick-1',
          observables: [
            { dataType: 'ip', data: '10.1.1.1' },
            { dataType: 'ip', data: '10.1.1.2' },
            { dataType: 'domain', data: 'keep.example' },
          ],
        }),
      )
    ).body;
    const alertObservables = async (id: string) =>
      (
        await soc.analyst.post('/api/v1/query', {
          query: [{ _name: 'getAlert', idOrName: id }, { _name: 'observables' }],
        })
      ).body as { _id: string; data: string }[];
    const own = await alertObservables(a._id);
    const pick = own.filter((o) => o.data !== '10.1.1.2').map((o) => o._id);
    const stranger = (
      await soc.analyst.post(`/api/v1/case/${kase._id}/observable`, { dataType: 'ip', data: '10.7.7.7' })
    ).body[0]._id;

    // an id that is not one of the alert's: 400, nothing merged
    for (const bad of [stranger, '~999999', 'nope']) {
      const refused = await soc.analyst.post(`/api/v1/alert/${a._id}/merge/${kase._id}`, {
        observables: [...pick, bad],
      });
      expect(refused.status, bad).toBe(400);
      expect(refused.body.message).toContain(bad);
    }
    expect((await soc.analyst.get(`/api/v1/alert/${a._id}`)).body.status).toBe('New');
    expect(
      (await soc.analyst.post(`/api/v1/alert/${a._id}/merge/${kase._id}`, { observables: 'x' })).status,
    ).toBe(400);

    const res = await soc.analyst.post(`/api/v1/alert/${a._id}/merge/${kase._id}`, { observables: pick });
    expect(res.status, res.text).toBe(200);
    expect(await caseObservables()).toEqual(['10.1.1.1', '10.7.7.7', 'keep.example']);
    // the alert keeps all of its own
    expect(await alertObservables(a._id)).toHaveLength(3);
    // none chosen: the alert is imported and brings no observable
    const c = (
      await soc.analyst.post(
        '/api/v1/alert',
        alertBody({ sourceRef: 'pick-2', observables: [{ dataType: 'ip', data: '10.1.1.9' }] }),
      )
    ).body;
    const none = await soc.analyst.post(`/api/v1/alert/${c._id}/import/${kase._id}`, { observables: [] });
    expect(none.status, none.text).toBe(200);
    expect(await caseObservables()).toEqual(['10.1.1.1', '10.7.7.7', 'keep.example']);
    expect((await soc.analyst.get(`/api/v1/alert/${c._id}`)).body.status).toBe('Imported');
  });

  it('deletes alerts with their observables, tags and custom fields', async () => {
    const a = await postAlert(soc.analyst, {
      tags: ['gone'],
      customFields: { alertScore: 1 },
      observables: [{ dataType: 'ip', data: '10.7.7.7', tags: ['o'] }],
    });
    const b = await postAlert(soc.analyst);
    const c = await postAlert(soc.analyst);
    expect((await soc.readOnly.delete(`/api/v1/alert/${a._id}`)).status).toBe(403);
    expect((await other.analyst.delete(`/api/v1/alert/${a._id}`)).status).toBe(404);
    await soc.analyst.alert.delete(a._id);
    expect((await soc.analyst.get(`/api/v1/alert/${a._id}`)).status).toBe(404);
    const db = server.propolis.deps.db;
    const id = Number(a._id.slice(1));
    expect(await db.selectFrom('observable').select('id').where('alert_id', '=', id).execute()).toEqual([]);
    expect(
      await db
        .selectFrom('entity_tag')
        .select('tag')
        .where('entity_type', '=', 'alert')
        .where('entity_id', '=', id)
        .execute(),
    ).toEqual([]);
    expect(
      await db
        .selectFrom('custom_field_value')
        .select('id')
        .where('entity_type', '=', 'alert')
        .where('entity_id', '=', id)
        .execute(),
    ).toEqual([]);
    await soc.analyst.alert.bulkDelete([b._id, c._id]);
    expect((await soc.analyst.get(`/api/v1/alert/${c._id}`)).status).toBe(404);
  });

  it('is invisible to other organisations and read-only for read-only users', async () => {
    const a = await postAlert(soc.analyst);
    expect((await other.analyst.get(`/api/v1/alert/${a._id}`)).status).toBe(404);
    expect((await other.analyst.patch(`/api/v1/alert/${a._id}`, { title: 'x' })).status).toBe(404);
    expect((await soc.readOnly.alert.get(a._id))._id).toBe(a._id);
    expect((await soc.readOnly.post('/api/v1/alert', alertBody())).status).toBe(403);
    expect((await soc.readOnly.patch(`/api/v1/alert/${a._id}`, { title: 'x' })).status).toBe(403);
    expect(
      (await soc.readOnly.post(`/api/v1/alert/${a._id}/observable`, { dataType: 'ip', data: '1.1.1.1' }))
        .status,
    ).toBe(403);
  });
});
