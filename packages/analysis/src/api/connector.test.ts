/**
 * TheHive's Cortex connector over HTTP: analyzers run on observables of a case (real Cortex workers
 * and built-in analyzers), reports land on the observable with their taxonomies, operations are
 * applied, responders act on cases, and finished jobs leave audit rows.
 */
import { createServer } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../../server/src/test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { multipartBody } from '../../../server/src/test-support/multipart.js';
import { realWorkers, useAnalysisServer } from '../test-support/server.js';

const server = useAnalysisServer(realWorkers());
let soc: OrgFixture;
let cert: OrgFixture;
let caseId: string;
const C = '/cortex/api';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  cert = await createOrganisation(server as never, 'cert');
  for (const id of [
    'TestAnalyzer_1_0',
    'Propolis_FileInfo_1_0',
    'Propolis_IocExtract_1_0',
    'Propolis_IpClass_1_0',
  ]) {
    const res = await soc.orgAdmin.post(`${C}/organization/analyzer/${id}`, { name: id, configuration: {} });
    if (res.status !== 201) throw new Error(res.text);
  }
  const responder = await soc.orgAdmin.post(`${C}/organization/responder/Test_1_0`, { name: 'Test_1_0' });
  if (responder.status !== 201) throw new Error(responder.text);
  caseId = (await createCase(soc.analyst, { title: 'Phishing' }))._id;
});

describe('Cortex connector', () => {
  it('lists the analyzers of the organisation with the engine as their Cortex', async () => {
    const list = await soc.analyst.get('/api/connector/cortex/analyzer');
    expect(list.status).toBe(200);
    expect(list.body.map((x: { name: string }) => x.name).sort()).toEqual([
      'Propolis_FileInfo_1_0',
      'Propolis_IocExtract_1_0',
      'Propolis_IpClass_1_0',
      'TestAnalyzer_1_0',
    ]);
    expect(list.body[0].cortexIds).toEqual(['local']);
    const forIp = await soc.analyst.get('/api/connector/cortex/analyzer/type/ip');
    expect(forIp.body.map((x: { name: string }) => x.name).sort()).toEqual([
      'Propolis_IpClass_1_0',
      'TestAnalyzer_1_0',
    ]);
    expect((await cert.analyst.get('/api/connector/cortex/analyzer')).body).toEqual([]);
  });

  it('runs a real worker on an observable: report, taxonomies on the observable, operations, audit', async () => {
    const obs = await addObservable(soc.analyst, caseId, { dataType: 'ip', data: '10.1.2.3' });
    const created = await soc.analyst.post('/api/connector/cortex/job', {
      cortexId: 'local',
      artifactId: obs._id,
      analyzerId: 'TestAnalyzer_1_0',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      _type: 'case_artifact_job',
      status: 'Waiting',
      analyzerName: 'TestAnalyzer_1_0',
      cortexId: 'local',
    });
    const job = await until(
      async () => (await soc.analyst.get(`/api/connector/cortex/job/${created.body._id}`)).body,
      (j) => j.status === 'Success' || j.status === 'Failure',
    );
    expect(job.status).toBe('Success');
    expect(job.report.summary.taxonomies).toHaveLength(4);
    const observable = await until(
      async () => (await soc.analyst.get(`/api/v1/observable/${obs._id}`)).body,
      (o) => o.tags.includes('test'),
    );
    expect(observable.reports.TestAnalyzer_1_0.taxonomies[3]).toEqual({
      level: 'malicious',
      namespace: 'testing',
      predicate: 'ip',
      value: 'None',
    });
    expect(observable.tags).toContain('test'); // AddTagToArtifact applied
    const v0 = await soc.analyst.get(`/api/case/artifact/${obs._id}`);
    expect(v0.body.reports.TestAnalyzer_1_0.taxonomies).toHaveLength(4);
    const jobs = await soc.analyst.post('/api/connector/cortex/job/_search', {
      query: { _parent: { _type: 'case_artifact', _query: { _id: obs._id } } },
    });
    expect(jobs.body.map((j: { id: string }) => j.id)).toEqual([created.body._id]);
    const after = await soc.analyst.get(`/api/connector/cortex/job/${created.body._id}`);
    expect(JSON.parse(after.body.operations)).toEqual([
      { type: 'AddTagToArtifact', tag: 'test', status: 'Success', message: 'Tag added to the observable' },
    ]);
    const audits = await server.propolis.storage.db
      .selectFrom('audit')
      .selectAll()
      .where('object_type', '=', 'Job')
      .where('object_id', '=', created.body._id)
      .orderBy('id')
      .execute();
    expect(audits.map((a) => [a.action, JSON.parse(a.details).status, a.root_id])).toEqual([
      ['create', 'Waiting', caseId],
      ['update', 'Success', caseId],
    ]);
    const flow = await soc.analyst.get(`/api/flow?rootId=${caseId}&count=50`);
    expect(
      flow.body.some(
        (e: { base: { objectType: string; details: { status?: string } } }) =>
          e.base.objectType === 'case_artifact_job' && e.base.details.status === 'Success',
      ),
    ).toBe(true);
    expect((await cert.analyst.get(`/api/connector/cortex/job/${created.body._id}`)).status).toBe(404);
  });

  it('runs built-in analyzers on a file observable and on text', async () => {
    const text = 'Payload from hxxp://evil[.]example/x.exe and 185.10.20.30, contact bad@evil.example\n';
    const { body, contentType } = multipartBody([
      { name: '_json', value: JSON.stringify({ dataType: 'file', message: 'attachment' }) },
      { name: 'attachment', filename: 'note.txt', data: text, contentType: 'text/plain' },
    ]);
    const created = await soc.analyst.send('POST', `/api/case/${caseId}/artifact`, undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
    expect(created.status).toBe(201);
    const fileObs = Array.isArray(created.body) ? created.body[0] : created.body;
    const run = async (analyzerId: string) => {
      const res = await soc.analyst.post('/api/v1/connector/cortex/job/_bulk', {
        jobs: [{ cortexId: 'local', artifactId: fileObs._id, analyzerId }],
      });
      expect(res.status).toBe(201);
      return until(
        async () => (await soc.analyst.get(`/api/connector/cortex/job/${res.body[0]._id}`)).body,
        (j) => j.status === 'Success' || j.status === 'Failure',
      );
    };
    const info = await run('Propolis_FileInfo_1_0');
    expect(info.status).toBe('Success');
    expect(info.report.full).toMatchObject({
      filename: 'note.txt',
      size: Buffer.byteLength(text),
      type: 'text',
    });
    const iocs = await run('Propolis_IocExtract_1_0');
    expect(iocs.report.full.iocs).toMatchObject({
      url: ['http://evil.example/x.exe'],
      ip: ['185.10.20.30'],
      mail: ['bad@evil.example'],
    });
    expect(iocs.report.artifacts.map((x: { data: string }) => x.data)).toEqual(
      expect.arrayContaining(['http://evil.example/x.exe', '185.10.20.30', 'bad@evil.example']),
    );
    const observable = (await soc.analyst.get(`/api/v1/observable/${fileObs._id}`)).body;
    expect(Object.keys(observable.reports).sort()).toEqual([
      'Propolis_FileInfo_1_0',
      'Propolis_IocExtract_1_0',
    ]);
  });

  it('runs a real responder on a case and applies its operation', async () => {
    const responders = await soc.analyst.get(`/api/connector/cortex/responder/case/${caseId}`);
    expect(responders.body.map((r: { name: string }) => r.name)).toEqual(['Test_1_0']);
    const action = await soc.analyst.post('/api/connector/cortex/action', {
      responderId: 'Test_1_0',
      objectType: 'case',
      objectId: caseId,
    });
    expect(action.status).toBe(200);
    expect(action.body).toMatchObject({
      _type: 'action',
      responderName: 'Test_1_0',
      objectType: 'case',
      objectId: caseId,
    });
    const kase = await until(
      async () => (await soc.analyst.get(`/api/v1/case/${caseId}`)).body,
      (c) => c.tags.includes('test'),
    );
    expect(kase.tags).toContain('test');
    const actions = await soc.analyst.get(`/api/connector/cortex/action/case/${caseId}`);
    expect(actions.body[0]).toMatchObject({
      status: 'Success',
      report: { success: true, full: { message: 'test' } },
    });
    const audits = await server.propolis.storage.db
      .selectFrom('audit')
      .select(['action', 'details'])
      .where('object_type', '=', 'Action')
      .where('object_id', '=', action.body._id)
      .execute();
    expect(audits.map((a) => JSON.parse(a.details).status)).toEqual(['Waiting', 'Success']);
  });

  it('runs auto-run analyzers on new observables of the types they accept', async () => {
    const on = await soc.orgAdmin.patch(`${C}/analyzer/Propolis_IpClass_1_0`, { autoRun: true });
    expect(on.status).toBe(200);
    expect(on.body.autoRun).toBe(true);
    expect((await soc.analyst.patch(`${C}/analyzer/Propolis_IpClass_1_0`, { autoRun: false })).status).toBe(
      403,
    );
    const [ip, domain] = (
      await soc.analyst.post(`/api/v1/case/${caseId}/observable`, { dataType: 'ip', data: ['192.168.7.7'] })
    ).body.concat(
      (
        await soc.analyst.post(`/api/v1/case/${caseId}/observable`, {
          dataType: 'domain',
          data: 'auto.example',
        })
      ).body,
    );
    const observable = await until(
      async () => (await soc.analyst.get(`/api/v1/observable/${ip._id}`)).body,
      (o) => o.reports.Propolis_IpClass_1_0 !== undefined,
    );
    expect(observable.reports.Propolis_IpClass_1_0.taxonomies).toEqual([
      { level: 'safe', namespace: 'IP', predicate: 'Class', value: 'private' },
    ]);
    const jobs = await soc.analyst.post('/api/connector/cortex/job/_search', {
      query: { _parent: { _type: 'case_artifact', _query: { _id: domain._id } } },
    });
    expect(jobs.body).toEqual([]);
    await soc.orgAdmin.patch(`${C}/analyzer/Propolis_IpClass_1_0`, { autoRun: false });
  });

  it('calls a webhook with the built-in responder, tags the case, and keeps its secrets out of the job', async () => {
    const received: Array<{ authorization?: string; body: any }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ authorization: req.headers.authorization, body: JSON.parse(body) });
        res
          .writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' })
          .end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const port = (hook.address() as { port: number }).port;
    try {
      const enabled = await soc.orgAdmin.post(`${C}/organization/responder/Propolis_Webhook_1_0`, {
        configuration: {
          url: `http://127.0.0.1:${port}/hook`,
          authorization: 'Bearer hook-secret',
          tag: 'notified',
        },
      });
      expect(enabled.status).toBe(201);
      const action = await soc.analyst.post('/api/connector/cortex/action', {
        responderId: 'Propolis_Webhook_1_0',
        objectType: 'case',
        objectId: caseId,
      });
      expect(action.status).toBe(200);
      const kase = await until(
        async () => (await soc.analyst.get(`/api/v1/case/${caseId}`)).body,
        (c) => c.tags.includes('notified'),
      );
      expect(kase.tags).toContain('notified');
      expect(received[0]).toMatchObject({
        authorization: 'Bearer hook-secret',
        body: { dataType: 'thehive:case', data: { id: caseId, title: 'Phishing' } },
      });
      // a failing call fails the action, without the secret in what members can read
      await soc.orgAdmin.patch(`${C}/responder/Propolis_Webhook_1_0`, {
        configuration: { url: `http://127.0.0.1:${port}/fail`, authorization: 'Bearer hook-secret' },
      });
      const failing = await soc.analyst.post('/api/connector/cortex/action', {
        responderId: 'Propolis_Webhook_1_0',
        objectType: 'case',
        objectId: caseId,
      });
      const report = await soc.analyst.get(`${C}/job/${failing.body._id}/waitreport?atMost=20seconds`);
      expect(report.body.status).toBe('Failure');
      expect(report.body.errorMessage).toMatch(/answered 500/);
      expect(report.text).not.toMatch(/hook-secret/);
    } finally {
      hook.close();
    }
  });

  it('refuses unknown engines, analyzers and observables with clear 4xx', async () => {
    const obs = await addObservable(soc.analyst, caseId, { dataType: 'domain', data: 'x.example' });
    expect(
      (
        await soc.analyst.post('/api/connector/cortex/job', {
          cortexId: 'other',
          artifactId: obs._id,
          analyzerId: 'TestAnalyzer_1_0',
        })
      ).status,
    ).toBe(404);
    expect(
      (await soc.analyst.post('/api/connector/cortex/job', { artifactId: obs._id, analyzerId: 'Nope' }))
        .status,
    ).toBe(404);
    expect(
      (
        await soc.analyst.post('/api/connector/cortex/job', {
          artifactId: '~999999',
          analyzerId: 'TestAnalyzer_1_0',
        })
      ).status,
    ).toBe(404);
    const ipOnly = await soc.analyst.post('/api/connector/cortex/job', {
      artifactId: obs._id,
      analyzerId: 'Propolis_IpClass_1_0',
    });
    expect(ipOnly.status).toBe(400);
    expect(ipOnly.body.message).toMatch(/does not accept dataType domain/);
    expect(
      (
        await soc.readOnly.post('/api/connector/cortex/job', {
          artifactId: obs._id,
          analyzerId: 'TestAnalyzer_1_0',
        })
      ).status,
    ).toBe(403);
  });
});
