/**
 * TheHive's connector to an external Cortex server: here a second Propolis plays the Cortex (its
 * `/cortex` API, a real TestAnalyzer behind it). The platform lists its analyzers, runs one on an
 * observable, follows the job and records the report on the observable as for a local job; the files
 * of file artifacts are downloaded from that server's datastore and import as observables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { type AnalysisServer, realWorkers, startAnalysisServer } from '../test-support/server.js';

let cortex: AnalysisServer;
let platform: AnalysisServer;
let soc: OrgFixture;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  cortex = await startAnalysisServer(realWorkers());
  const remoteOrg = await createOrganisation(cortex as never, 'thehive');
  for (const id of ['TestAnalyzer_1_0', 'DevTools_Echo_Analyzer_1_0', 'Propolis_EmlParser_1_0']) {
    const enabled = await remoteOrg.orgAdmin.post(`/cortex/api/organization/analyzer/${id}`, {});
    if (enabled.status !== 201) throw new Error(enabled.text);
  }
  platform = await startAnalysisServer({
    builtins: false,
    cortexServers: [
      {
        name: 'cortex-1',
        url: `${cortex.url}/cortex`,
        key: remoteOrg.analyst.auth.key!,
        excludedAnalyzers: ['DevTools_Echo_Analyzer_1_0'],
      },
    ],
  });
  soc = await createOrganisation(platform as never, 'soc');
});
afterAll(async () => {
  await platform?.close();
  await cortex?.close();
});

describe('an external Cortex server', () => {
  it('offers its analyzers and runs them on observables', async () => {
    const list = await soc.analyst.get('/api/connector/cortex/analyzer');
    expect(list.body).toEqual([
      expect.objectContaining({ name: 'Propolis_EmlParser_1_0', cortexIds: ['cortex-1'] }),
      expect.objectContaining({ name: 'TestAnalyzer_1_0', cortexIds: ['cortex-1'] }),
    ]);
    const caseId = (await soc.analyst.post('/api/v1/case', { title: 'remote', description: 'd' })).body._id;
    const [obs] = (
      await soc.analyst.post(`/api/v1/case/${caseId}/observable`, { dataType: 'ip', data: '1.2.3.4' })
    ).body;
    const created = await soc.analyst.post('/api/connector/cortex/job', {
      cortexId: 'cortex-1',
      artifactId: obs._id,
      analyzerId: 'TestAnalyzer_1_0',
    });
    expect(created.status).toBe(201);
    expect(created.body.cortexId).toBe('cortex-1');
    expect(created.body.cortexJobId).toMatch(/^~\d+$/); // the job's id on that server
    const job = await until(
      async () => (await soc.analyst.get(`/api/connector/cortex/job/${created.body._id}`)).body,
      (j) => j.status === 'Success' || j.status === 'Failure',
    );
    expect(job.status).toBe('Success');
    expect(job.report.full.data).toBe('1.2.3.4');
    const observable = await until(
      async () => (await soc.analyst.get(`/api/v1/observable/${obs._id}`)).body,
      (o) => o.tags.includes('test'),
    );
    expect(observable.reports.TestAnalyzer_1_0.taxonomies).toHaveLength(4);
    expect(observable.tags).toContain('test');
    // the excluded analyzer and unknown servers are refused
    const excluded = await soc.analyst.post('/api/connector/cortex/job', {
      cortexId: 'cortex-1',
      artifactId: obs._id,
      analyzerId: 'DevTools_Echo_Analyzer_1_0',
    });
    expect(excluded.status).toBe(404);
    const unknown = await soc.analyst.post('/api/connector/cortex/job', {
      cortexId: 'cortex-2',
      artifactId: obs._id,
      analyzerId: 'TestAnalyzer_1_0',
    });
    expect(unknown.status).toBe(404);
  });

  it('downloads the files of file artifacts, and imports artifacts as observables of the case', async () => {
    const eml = [
      'From: billing@bank.example',
      'To: victim@corp.example',
      'Subject: Invoice overdue',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Pay now: <a href="https://pay.evil.example/login">here</a></p>',
      '--XX',
      'Content-Type: application/octet-stream; name="invoice.js"',
      'Content-Disposition: attachment; filename="invoice.js"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('WScript.Echo("hi")').toString('base64'),
      '--XX--',
      '',
    ].join('\r\n');
    const caseId = (await soc.analyst.post('/api/v1/case', { title: 'mail', description: 'd' })).body._id;
    const added = await soc.analyst.post(`/api/v1/case/${caseId}/observable`, {
      dataType: 'file',
      data: `m.eml;message/rfc822;${Buffer.from(eml).toString('base64')}`,
    });
    expect(added.status, added.text).toBe(201);
    const [obs] = added.body;
    const created = await soc.analyst.post('/api/connector/cortex/job', {
      cortexId: 'cortex-1',
      artifactId: obs._id,
      analyzerId: 'Propolis_EmlParser_1_0',
    });
    expect(created.status, created.text).toBe(201);
    const job = await until(
      async () => (await soc.analyst.get(`/api/connector/cortex/job/${created.body._id}`)).body,
      (j) => j.status === 'Success' || j.status === 'Failure',
    );
    expect(job.status, job.errorMessage).toBe('Success');
    const file = job.report.artifacts.find((x: { dataType: string }) => x.dataType === 'file');
    expect(file.attachment).toMatchObject({ name: 'invoice.js', size: 18 });
    // the file is here now, not only on the Cortex server
    const download = await soc.analyst.get(`/api/datastore/${file.attachment.id}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('WScript.Echo("hi")');

    const artifacts = (await soc.analyst.get(`/cortex/api/job/${created.body._id}/artifacts`)).body;
    const fileId = artifacts.find((x: { dataType: string }) => x.dataType === 'file')._id;
    const urlId = artifacts.find((x: { dataType: string }) => x.dataType === 'url')._id;
    const imported = await soc.analyst.post(
      `/api/v1/connector/cortex/job/${created.body._id}/artifacts/_import`,
      {
        artifactIds: [fileId, urlId],
      },
    );
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.failures).toEqual([]);
    expect(imported.body.observables).toHaveLength(2);
    expect(imported.body.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          dataType: 'file',
          attachment: expect.objectContaining({ name: 'invoice.js', size: 18 }),
        }),
        expect.objectContaining({ dataType: 'url', data: 'https://pay.evil.example/login' }),
      ]),
    );
    const inCase = (
      await soc.analyst.post('/api/v1/query', {
        query: [{ _name: 'getCase', idOrName: caseId }, { _name: 'observables' }],
      })
    ).body;
    expect(inCase.map((o: { dataType: string }) => o.dataType).sort()).toEqual(['file', 'file', 'url']);
    // bad requests say what is wrong
    const unknown = await soc.analyst.post(
      `/api/connector/cortex/job/${created.body._id}/artifacts/_import`,
      {
        artifactIds: ['nope'],
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/nope not in job/);
    const readOnly = await soc.readOnly.post(
      `/api/connector/cortex/job/${created.body._id}/artifacts/_import`,
      {},
    );
    expect(readOnly.status).toBe(403);
  });
});
