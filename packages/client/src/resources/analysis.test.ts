/**
 * The analysis namespace (TheHive's Cortex connector) against a real server with the analysis
 * engine: list analyzers, run a built-in analyzer on an observable and wait for its report, search
 * jobs, list responders and actions, and typed errors for what cannot run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useAnalysisServer } from '../../../analysis/src/test-support/server.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { PropolisClient } from '../client.js';
import { PropolisApiError } from '../errors.js';

const server = useAnalysisServer();
let soc: OrgFixture;
let analyst: PropolisClient;
let observableId: string;
let caseId: string;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  const enabled = await soc.orgAdmin.post('/cortex/api/organization/analyzer/Propolis_IpClass_1_0', {
    name: 'Propolis_IpClass_1_0',
    configuration: {},
  });
  if (enabled.status !== 201) throw new Error(enabled.text);
  analyst = new PropolisClient({ url: server.url, apiKey: soc.analyst.auth.key!, organisation: 'soc' });
  const kase = await analyst.case.create({ title: 'To analyse', description: 'd' });
  caseId = kase._id;
  const [ip] = await analyst.case.createObservable(caseId, { dataType: 'ip', data: '10.20.30.40' });
  observableId = ip!._id;
});

describe('client.analysis', () => {
  it('lists the analyzers, runs one on an observable and waits for its report', async () => {
    const analyzers = await analyst.analysis.analyzers();
    expect(analyzers.map((a) => a.name)).toEqual(['Propolis_IpClass_1_0']);
    expect((await analyst.analysis.analyzersFor('ip')).map((a) => a.name)).toEqual(['Propolis_IpClass_1_0']);
    expect(await analyst.analysis.analyzersFor('domain')).toEqual([]);
    expect((await analyst.analysis.analyzer('Propolis_IpClass_1_0')).cortexIds).toEqual(['local']);

    const job = await analyst.analysis.runAnalyzer({
      analyzerId: 'Propolis_IpClass_1_0',
      artifactId: observableId,
    });
    expect(job.status).toMatch(/Waiting|InProgress|Success/);
    const done = await analyst.analysis.waitForJob(job._id, {
      intervalMs: 100,
      signal: AbortSignal.timeout(20_000),
    });
    expect(done.status).toBe('Success');
    expect(JSON.stringify(done.report)).toMatch(/private|rfc1918|10\./i);

    const jobs = await analyst.analysis.findJobs();
    expect(jobs.map((j) => j._id)).toContain(job._id);
    const [bulk] = await analyst.analysis.runAnalyzers([
      { analyzerId: 'Propolis_IpClass_1_0', artifactId: observableId },
    ]);
    // the same analysis of the same data: the engine's cache answers the finished job
    expect((await analyst.analysis.job(bulk!._id)).status).toBe('Success');
  });

  it('lists responders and actions of a case, and types what cannot run', async () => {
    expect(await analyst.analysis.respondersFor('case', caseId)).toEqual([]);
    expect(await analyst.analysis.actionsOf('case', caseId)).toEqual([]);
    expect(await analyst.analysis.findActions()).toEqual([]);
    const missing = (await analyst.analysis
      .runAnalyzer({ analyzerId: 'Nope', artifactId: observableId })
      .catch((e: unknown) => e)) as PropolisApiError;
    expect(missing).toBeInstanceOf(PropolisApiError);
    expect(missing.status).toBe(404);
    const noResponder = (await analyst.analysis
      .runResponder({ responderId: 'Nope', objectType: 'case', objectId: caseId })
      .catch((e: unknown) => e)) as PropolisApiError;
    expect(noResponder.status).toBe(404);
  });
});
