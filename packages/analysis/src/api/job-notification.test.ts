/**
 * The JobFinished notification trigger on the analysis engine's own events: an org-admin asks for a
 * line per finished job, an analyst runs a built-in analyzer on an observable, and the line appears
 * with the job's end status. Jobs of another organisation do not reach it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addObservable, createCase } from '../../../server/src/test-support/factories.js';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { useAnalysisServer } from '../test-support/server.js';

const server = useAnalysisServer();
let soc: OrgFixture;
let cert: OrgFixture;
const ANALYZER = 'Propolis_IpClass_1_0';

async function linesOf(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function runOn(org: OrgFixture, ip: string) {
  const kase = await createCase(org.analyst, { title: `Job for ${ip}` });
  const obs = await addObservable(org.analyst, kase._id, { dataType: 'ip', data: ip });
  const job = await org.analyst.post('/api/connector/cortex/job', {
    cortexId: 'local',
    artifactId: obs._id,
    analyzerId: ANALYZER,
  });
  if (job.status !== 201) throw new Error(job.text);
  return job.body._id as string;
}

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  cert = await createOrganisation(server as never, 'cert');
  for (const org of [soc, cert]) {
    const res = await org.orgAdmin.post(`/cortex/api/organization/analyzer/${ANALYZER}`, {
      name: ANALYZER,
      configuration: {},
    });
    if (res.status !== 201) throw new Error(res.text);
  }
});

describe('JobFinished notifications', () => {
  it('writes one line per finished job of the organisation, with its status', async () => {
    const created = await soc.orgAdmin.post('/api/v1/notification', {
      name: 'finished jobs',
      trigger: { name: 'JobFinished' },
      notifiers: [{ name: 'AppendToFile', file: 'jobs.jsonl' }],
    });
    expect(created.status).toBe(201);
    const file = path.join(server.dataDir, 'notifications', 'jobs.jsonl');
    await runOn(cert, '10.9.9.9');
    const jobId = await runOn(soc, '192.168.1.7');
    const end = Date.now() + 20_000;
    let lines = await linesOf(file);
    while (lines.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      lines = await linesOf(file);
    }
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain(jobId);
    expect(JSON.stringify(lines[0])).toMatch(/"status":"(Success|Failure)"/);
    // the other organisation's job, run first, never reached this organisation's notifier
    await new Promise((r) => setTimeout(r, 1000));
    expect(await linesOf(file)).toHaveLength(1);
  });
});
