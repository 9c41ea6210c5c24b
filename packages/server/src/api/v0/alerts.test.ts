/**
 * Alerts through the v0 API with the exact calls of thehive4py 1.x (create_alert with an inline
 * file artifact, create/update/delete_alert_artifact, mark_alert_as_read, promote_alert_to_case,
 * merge_alert_into_case), TheHive 3/4 shapes (derived status, embedded artifacts, similarCases),
 * and the walk-through of the "Alerts" issue across both APIs.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const JSON_EMPTY = { headers: { 'content-type': 'application/json' } };

/** thehive4py 1.x `Alert.jsonify()` (v4): every field, unset ones as null, artifacts with tlp 2. */
const py1Alert = (sourceRef: string, artifacts: unknown[], extra: Record<string, unknown> = {}) => ({
  artifacts,
  caseTemplate: null,
  customFields: {},
  date: 1_700_000_000_000,
  description: 'N/A',
  externalLink: null,
  pap: 2,
  severity: 2,
  source: 'splunk',
  sourceRef,
  tags: [],
  title: `py1 ${sourceRef}`,
  tlp: 2,
  type: 'external',
  ...extra,
});
const py1Artifact = (dataType: string, data: string, extra: Record<string, unknown> = {}) => ({
  data,
  dataType,
  ioc: false,
  message: null,
  sighted: false,
  tags: [],
  tlp: 2,
  ignoreSimilarity: false,
  ...extra,
});

describe('v0 alerts', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'v0alert-soc');
  const other = useOrganisation(server, 'v0alert-other');

  it('create_alert with an inline base64 file artifact, then the artifact calls of thehive4py 1.x', async () => {
    const bytes = '<svg>logo</svg>';
    const res = await soc.analyst.post(
      '/api/alert',
      py1Alert(
        'py1-1',
        [
          py1Artifact('ip', '127.0.0.1', { message: 'localhost' }),
          py1Artifact('domain', 'thehive-project.org', { tags: ['home'] }),
          py1Artifact('file', `logo.svg;image/svg+xml;${Buffer.from(bytes).toString('base64')}`, {
            message: 'logo',
          }),
        ],
        { tlp: 3 },
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _type: 'alert',
      type: 'external',
      source: 'splunk',
      sourceRef: 'py1-1',
      status: 'New',
      follow: true,
      tlp: 3,
      severity: 2,
      date: 1_700_000_000_000,
      createdBy: soc.logins.analyst,
    });
    expect(res.body.id).toBe(res.body._id);
    expect(res.body.artifacts).toHaveLength(3);
    const file = res.body.artifacts.find((a: any) => a.dataType === 'file');
    expect(file.attachment).toMatchObject({
      name: 'logo.svg',
      contentType: 'image/svg+xml',
      id: sha256(bytes),
    });
    expect(file._parent).toBe(res.body._id);
    // The v1 view stores TLP RED (4) for v0's 3.
    expect((await soc.analyst.get(`/api/v1/alert/${res.body._id}`)).body.tlp).toBe(4);

    // create_alert_artifact (v4 only): JSON body; answers the artifact
    const created = await soc.analyst.post(
      `/api/alert/${res.body._id}/artifact`,
      py1Artifact('url', 'https://evil.example/x'),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dataType: 'url',
      data: 'https://evil.example/x',
      tlp: 2,
      status: 'Ok',
    });
    expect((await soc.analyst.get(`/api/alert/${res.body._id}`)).body.observableCount).toBe(4);
    // update_alert_artifact(fields=["tlp","ioc"]) sends only those
    const upd = await soc.analyst.patch(`/api/alert/artifact/${created.body._id}`, { tlp: 3, ioc: true });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ tlp: 3, ioc: true, data: 'https://evil.example/x' });
    expect((await soc.analyst.get(`/api/alert/artifact/${created.body._id}`)).body.ioc).toBe(true);
    expect(
      (await soc.analyst.patch(`/api/alert/artifact/${created.body._id}`, { data: 'other' })).status,
    ).toBe(400);
    // delete_alert_artifact
    expect((await soc.analyst.delete(`/api/alert/artifact/${created.body._id}`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/alert/artifact/${created.body._id}`)).status).toBe(404);
    expect((await soc.analyst.get(`/api/alert/${res.body._id}`)).body.observableCount).toBe(3);
  });

  it('refuses a duplicate as TheHive does and checks artifacts', async () => {
    expect((await soc.analyst.post('/api/alert', py1Alert('py1-dup', []))).status).toBe(201);
    const dup = await soc.analyst.post('/api/alert', py1Alert('py1-dup', []));
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      type: 'ConflictError',
      message: expect.stringMatching(/already exists/),
    });
    expect(dup.body.object.sourceRef).toBe('py1-dup');
    const bad = await soc.analyst.post('/api/alert', py1Alert('py1-bad', [py1Artifact('ip', '999.1.1.1')]));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^artifacts\[0\]\.data:/);
    const noFile = await soc.analyst.post(
      '/api/alert',
      py1Alert('py1-bad2', [py1Artifact('file', 'not inline')]),
    );
    expect(noFile.status).toBe(400);
    const { sourceRef: _r, ...noRef } = py1Alert('x', []);
    expect((await soc.analyst.post('/api/alert', noRef)).status).toBe(400);
  });

  it('reads, updates, marks as read/unread, follows, deletes', async () => {
    const a = (await soc.analyst.post('/api/alert', py1Alert('py1-life', [py1Artifact('ip', '10.0.0.1')])))
      .body;
    const read = await soc.analyst.post(`/api/alert/${a._id}/markAsRead`, undefined, JSON_EMPTY);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('Ignored');
    expect(
      (await soc.analyst.post(`/api/alert/${a._id}/markAsUnread`, undefined, JSON_EMPTY)).body.status,
    ).toBe('New');
    expect((await soc.analyst.post(`/api/alert/${a._id}/unfollow`)).body.follow).toBe(false);
    expect((await soc.analyst.post(`/api/alert/${a._id}/follow`)).body.follow).toBe(true);
    // update_alert(fields=[...]) with a new artifact list: the list replaces the artifacts
    const patched = await soc.analyst.patch(`/api/alert/${a._id}`, {
      title: 'Updated title',
      tlp: 1,
      artifacts: [py1Artifact('ip', '10.0.0.2')],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('Updated title');
    expect(patched.body.tlp).toBe(1);
    expect(patched.body.artifacts.map((x: any) => x.data)).toEqual(['10.0.0.2']);
    expect(patched.body.observableCount).toBe(1);
    const bulk = await soc.analyst.patch('/api/alert/_bulk', { ids: [a._id], severity: 3 });
    expect(bulk.status).toBe(200);
    expect(bulk.body[0].severity).toBe(3);
    // delete_alert sends ?force=1
    expect((await other.analyst.delete(`/api/alert/${a._id}?force=1`)).status).toBe(404);
    expect((await soc.analyst.delete(`/api/alert/${a._id}?force=1`)).status).toBe(204);
    expect((await soc.analyst.get(`/api/alert/${a._id}`)).status).toBe(404);
    const b = (await soc.analyst.post('/api/alert', py1Alert('py1-del-b', []))).body;
    expect((await soc.analyst.post('/api/alert/delete/_bulk', { ids: [b._id] })).status).toBe(204);
  });

  it('walks through the issue: three alerts, import with template, merge, similarity', async () => {
    const tpl = await soc.orgAdmin.post('/api/case/template', {
      name: 'walk',
      titlePrefix: '[WALK]',
      tags: ['tpl'],
      tasks: [{ title: 'Investigate' }],
    });
    expect(tpl.status).toBe(201);
    // 1. three alerts with overlapping observables (v0 and v1)
    const a1 = await soc.analyst.post(
      '/api/alert',
      py1Alert('walk-1', [
        py1Artifact('ip', '198.51.100.10', { ioc: true }),
        py1Artifact('domain', 'walk.example'),
      ]),
    );
    expect(a1.status).toBe(201);
    const a2 = await soc.analyst.post('/api/v1/alert', {
      type: 'external',
      source: 'splunk',
      sourceRef: 'walk-2',
      title: 'walk 2',
      description: 'second alert',
      tags: ['second'],
      observables: [
        { dataType: 'ip', data: '198.51.100.10' },
        { dataType: 'mail', data: 'bad@walk.example' },
      ],
    });
    expect(a2.status).toBe(201);
    const a3 = await soc.analyst.post(
      '/api/alert',
      py1Alert('walk-3', [
        py1Artifact('ip', '198.51.100.10'),
        py1Artifact('mail', 'bad@walk.example'),
        py1Artifact('domain', 'walk.example'),
        py1Artifact('ip', '203.0.113.99', { ignoreSimilarity: true }),
      ]),
    );
    expect(a3.status).toBe(201);
    // 2. the same alert again is refused
    expect((await soc.analyst.post('/api/alert', py1Alert('walk-1', []))).body.type).toBe('ConflictError');
    // 3. add, update and delete an observable on an alert
    const added = await soc.analyst.post(
      `/api/alert/${a1.body._id}/artifact`,
      py1Artifact('hostname', 'walk-host'),
    );
    expect(added.status).toBe(201);
    expect(
      (await soc.analyst.patch(`/api/alert/artifact/${added.body._id}`, { message: 'seen on host' })).body
        .message,
    ).toBe('seen on host');
    expect((await soc.analyst.delete(`/api/alert/artifact/${added.body._id}`)).status).toBe(204);
    // 4. import the first with the template (thehive4py 1.x promote_alert_to_case)
    const kase = await soc.analyst.post(`/api/alert/${a1.body._id}/createCase`, { caseTemplate: 'walk' });
    expect(kase.status).toBe(201);
    expect(kase.body).toMatchObject({ _type: 'case', title: '[WALK] py1 walk-1', status: 'Open' });
    const imported1 = (await soc.analyst.get(`/api/alert/${a1.body._id}`)).body;
    expect(imported1).toMatchObject({ status: 'Imported', case: kase.body._id, imported: true });
    expect(imported1.importDate).toBeGreaterThanOrEqual(imported1.createdAt);
    expect(imported1.handlingDurationInMinutes).toBe(0);
    expect(imported1.handlingDuration).toBe(imported1.importDate - imported1.createdAt);
    // 5. merge the second into that case (thehive4py 1.x merge_alert_into_case)
    const merging = Date.now();
    const merged = await soc.analyst.post(`/api/alert/${a2.body._id}/merge/${kase.body._id}`, {});
    expect(merged.status).toBe(201);
    expect(merged.body.description).toContain('#### Merged with alert #walk-2 walk 2\n\nsecond alert');
    expect(merged.body.tags).toEqual(expect.arrayContaining(['tpl', 'second']));
    const imported2 = (await soc.analyst.get(`/api/v1/alert/${a2.body._id}`)).body;
    expect(imported2).toMatchObject({ status: 'Imported', caseId: kase.body._id });
    expect(imported2.extraData.importDate).toBeGreaterThanOrEqual(merging);
    expect(typeof imported2.extraData.handlingDurationInMinutes).toBe('number');
    expect((await soc.analyst.post(`/api/alert/${a2.body._id}/merge/${kase.body._id}`, {})).status).toBe(400);
    // The case holds the union of the two alerts' observables, without duplicates: ip, domain, mail.
    const obs = await server.propolis.deps.db
      .selectFrom('observable')
      .select(['data_type', 'data'])
      .where('case_id', '=', Number(kase.body._id.slice(1)))
      .execute();
    expect(obs.map((o) => `${o.data_type}:${o.data}`).sort()).toEqual([
      'domain:walk.example',
      'ip:198.51.100.10',
      'mail:bad@walk.example',
    ]);
    // 6. the third lists the case as similar, with the right counts (v0 A2 shape and v1 extraData)
    const sim = await soc.analyst.get(`/api/alert/${a3.body._id}?similarity=1`);
    expect(sim.status).toBe(200);
    expect(sim.body.similarCases).toEqual([
      {
        _id: kase.body._id,
        id: kase.body._id,
        caseId: kase.body.caseId,
        title: '[WALK] py1 walk-1',
        severity: 2,
        startDate: kase.body.startDate,
        endDate: null,
        resolutionStatus: null,
        status: 'Open',
        tags: expect.arrayContaining(['tpl', 'second']),
        tlp: 2,
        artifactCount: 3,
        iocCount: 1,
        similarArtifactCount: 3,
        similarIocCount: 1,
      },
    ]);
    const seen = Object.fromEntries(sim.body.artifacts.map((x: any) => [x.data, x.seen]));
    expect(seen).toEqual({ '198.51.100.10': 1, 'bad@walk.example': 1, 'walk.example': 1, '203.0.113.99': 0 });
    const v1 = await soc.analyst.get(
      `/api/v1/alert/${a3.body._id}?extraData=similarCases&extraData=similarAlerts`,
    );
    expect(v1.body.extraData.similarCases).toHaveLength(1);
    expect(v1.body.extraData.similarCases[0]).toMatchObject({
      case: { _id: kase.body._id, _type: 'Case' },
      similarObservableCount: 3,
      observableCount: 3,
      similarIocCount: 1,
      iocCount: 1,
      observableTypes: { ip: 1, domain: 1, mail: 1 },
    });
    // The imported alerts are represented by their case, not listed as similar alerts.
    expect(v1.body.extraData.similarAlerts).toEqual([]);
    // Another organisation sees neither the alert nor the similarity.
    expect((await other.analyst.get(`/api/alert/${a3.body._id}?similarity=1`)).status).toBe(404);
    const foreign = await other.analyst.post(
      '/api/alert',
      py1Alert('walk-3', [py1Artifact('ip', '198.51.100.10')]),
    );
    expect(foreign.status).toBe(201);
    expect(
      (await other.analyst.get(`/api/alert/${foreign.body._id}?similarity=1`)).body.similarCases,
    ).toEqual([]);
    // 7. a source update of the imported, followed alert shows it as Updated in v0
    const updated = await soc.analyst.patch(`/api/alert/${a1.body._id}`, {
      description: 'new details',
      artifacts: [
        py1Artifact('ip', '198.51.100.10', { ioc: true }),
        py1Artifact('domain', 'walk.example'),
        py1Artifact('fqdn', 'new.walk.example'),
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe('Updated');
    const caseObs = await server.propolis.deps.db
      .selectFrom('observable')
      .select('data')
      .where('case_id', '=', Number(kase.body._id.slice(1)))
      .execute();
    expect(caseObs.map((o) => o.data)).toContain('new.walk.example');
    // 8. the v1 similar alerts: two fresh alerts sharing an observable see each other
    const s1 = (
      await soc.analyst.post('/api/v1/alert', {
        type: 't',
        source: 's',
        sourceRef: 'sa-1',
        title: 'sa1',
        description: 'd',
        observables: [{ dataType: 'ip', data: '192.0.2.77', ioc: true }],
      })
    ).body;
    const s2 = (
      await soc.analyst.post('/api/v1/alert', {
        type: 't',
        source: 's',
        sourceRef: 'sa-2',
        title: 'sa2',
        description: 'd',
        observables: [{ dataType: 'ip', data: '192.0.2.77' }],
      })
    ).body;
    const sa = await soc.analyst.get(`/api/v1/alert/${s2._id}?extraData=similarAlerts`);
    expect(sa.body.extraData.similarCases).toBeUndefined();
    expect(sa.body.extraData.similarAlerts).toMatchObject([
      {
        alert: { _id: s1._id },
        similarObservableCount: 1,
        observableCount: 1,
        similarIocCount: 1,
        iocCount: 1,
      },
    ]);
  });

  it('deleting a case sends its alerts back to the queue', async () => {
    const a = (await soc.analyst.post('/api/alert', py1Alert('py1-back', []))).body;
    const kase = (await soc.analyst.post(`/api/alert/${a._id}/createCase`, { caseTemplate: null })).body;
    expect((await soc.analyst.get(`/api/alert/${a._id}`)).body.status).toBe('Imported');
    expect((await soc.analyst.delete(`/api/case/${kase._id}`)).status).toBe(204);
    const back = (await soc.analyst.get(`/api/alert/${a._id}`)).body;
    expect(back.status).toBe('New');
    expect(back.case).toBeUndefined();
  });

  it('needs manageAlert to write and manageCase to import', async () => {
    const a = (await soc.analyst.post('/api/alert', py1Alert('py1-perm', []))).body;
    expect((await soc.readOnly.get(`/api/alert/${a._id}`)).status).toBe(200);
    expect((await soc.readOnly.post('/api/alert', py1Alert('py1-perm-2', []))).status).toBe(403);
    expect((await soc.readOnly.post(`/api/alert/${a._id}/markAsRead`)).status).toBe(403);
    expect((await soc.readOnly.post(`/api/alert/${a._id}/createCase`, {})).status).toBe(403);
    expect((await soc.readOnly.delete(`/api/alert/${a._id}`)).status).toBe(403);
    expect((await other.analyst.post(`/api/alert/${a._id}/createCase`, {})).status).toBe(404);
  });
});
