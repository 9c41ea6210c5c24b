/**
 * TheHive's connector to an external Cortex server: here a second Propolis plays the Cortex (its
 * `/cortex` API, a real TestAnalyzer behind it). The platform lists its analyzers, runs one on an
 * observable, follows the job and records the report on the observable as for a local job.
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
  for (const id of ['TestAnalyzer_1_0', 'DevTools_Echo_Analyzer_1_0']) {
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
});
