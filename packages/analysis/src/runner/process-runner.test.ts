/**
 * The job-folder runner against misbehaving workers of our own (shell programs made for this test):
 * one that hangs, one that crashes, one that writes garbage, ones that flood stdout or the output
 * folder, one reporting an unknown artifact attribute, one returning a file artifact, one printing
 * its environment. Each ends with a clear job status through the real server; rate limits too.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { type AnalysisServer, startAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';
let root: string;
let server: AnalysisServer;
let soc: OrgFixture;

const PROGRAMS: Record<string, string> = {
  hang: 'sleep 60',
  crash: 'echo "boom: the worker fell over" >&2; exit 3',
  garbage: 'mkdir -p "$1/output"; echo "this is not json" > "$1/output/output.json"',
  flood: 'yes "flood flood flood flood"',
  bigfile: 'mkdir -p "$1/output"; head -c 3000000 /dev/zero > "$1/output/big.bin"; sleep 30',
  badartifact:
    'mkdir -p "$1/output"; echo \'{"success":true,"full":{},"artifacts":[{"dataType":"ip","data":"1.1.1.1","bogus":1}]}\' > "$1/output/output.json"',
  fileartifact:
    'mkdir -p "$1/output"; printf "extracted content" > "$1/output/extracted.bin"; echo \'{"success":true,"full":{"ok":true},"summary":{"taxonomies":[{"level":"weird","namespace":"T","predicate":"P","value":1}]},"artifacts":[{"dataType":"file","file":"extracted.bin","filename":"payload.txt","contentType":"text/plain"}]}\' > "$1/output/output.json"',
  env: 'mkdir -p "$1/output"; printf \'{"success":true,"full":{"env":"%s","cwd":"%s","input":%s}}\' "$(env | sort | tr "\\n" " ")" "$(pwd)" "$(cat "$1/input/input.json")" > "$1/output/output.json"',
};

async function makeWorkers(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'Bad'), { recursive: true });
  for (const [name, body] of Object.entries(PROGRAMS)) {
    const file = path.join(dir, 'Bad', `${name}.sh`);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    await writeFile(
      path.join(dir, 'Bad', `${name}.json`),
      JSON.stringify({
        name: `Bad_${name}`,
        version: '1.0',
        author: 'test',
        url: 'http://127.0.0.1',
        license: 'AGPL-3.0',
        description: `misbehaving worker: ${name}`,
        dataTypeList: ['ip', 'file'],
        command: `Bad/${name}.sh`,
        configurationItems: [{ name: 'api_key', type: 'string', description: 'secret', required: false }],
      }),
    );
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'propolis-bad-workers-'));
  await makeWorkers(root);
  server = await startAnalysisServer({
    analyzerPaths: [root],
    jobTimeoutMinutes: 0.04,
    maxOutputBytes: 1_000_000,
  });
  soc = await createOrganisation(server as never, 'soc');
  for (const name of Object.keys(PROGRAMS)) {
    const res = await soc.orgAdmin.post(`${C}/organization/analyzer/Bad_${name}_1_0`, {
      configuration: name === 'env' ? { api_key: 'do-not-leak' } : {},
      ...(name === 'env' ? { rate: 2, rateUnit: 'Minute' } : {}),
    });
    if (res.status !== 201) throw new Error(res.text);
  }
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

async function runAndWait(name: string, data = '1.2.3.4') {
  const run = await soc.analyst.post(`${C}/analyzer/Bad_${name}_1_0/run`, {
    dataType: 'ip',
    data,
    force: true,
  });
  expect(run.status).toBe(200);
  return (await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=20seconds`)).body;
}

describe('job-folder runner limits', () => {
  it('kills a hanging worker at the timeout', async () => {
    const started = Date.now();
    const job = await runAndWait('hang');
    expect(job.status).toBe('Failure');
    expect(job.errorMessage).toMatch(/^Timeout/);
    expect(Date.now() - started).toBeLessThan(20_000); // the 60 s sleep was cut short
  });

  it('fails a crashing worker with what it printed', async () => {
    const job = await runAndWait('crash');
    expect(job.status).toBe('Failure');
    expect(job.report.errorMessage).toMatch(/boom: the worker fell over/);
  });

  it('fails a worker that writes garbage', async () => {
    const job = await runAndWait('garbage');
    expect(job.status).toBe('Failure');
    expect(job.errorMessage).toMatch(/Invalid output/);
  });

  it('kills workers that flood stdout or the output folder', async () => {
    const flood = await runAndWait('flood');
    expect(flood.status).toBe('Failure');
    expect(flood.errorMessage).toMatch(/more than 1000000 bytes/);
    const big = await runAndWait('bigfile');
    expect(big.status).toBe('Failure');
    expect(big.errorMessage).toMatch(/more than 1000000 bytes/);
  });

  it('fails a report whose artifact has an unknown attribute, as Cortex does', async () => {
    const job = await runAndWait('badartifact');
    expect(job.status).toBe('Failure');
    expect(job.errorMessage).toMatch(/unknown attribute\(s\) bogus/);
  });

  it('stores a file artifact as an attachment of the organisation', async () => {
    const job = await runAndWait('fileartifact');
    expect(job.status).toBe('Success');
    expect(job.report.summary.taxonomies[0].level).toBe('weird'); // stored as reported
    const [artifact] = job.report.artifacts;
    expect(artifact).toMatchObject({
      dataType: 'file',
      attachment: { name: 'payload.txt', contentType: 'text/plain', size: 17 },
    });
    const download = await soc.analyst.get(`/api/datastore/${artifact.attachment.id}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe('extracted content');
  });

  it('gives a worker only the environment it needs, in the definitions folder, and rate-limits', async () => {
    process.env.PROPOLIS_TEST_SECRET = 'leaked';
    const job = await runAndWait('env', '5.6.7.8');
    delete process.env.PROPOLIS_TEST_SECRET;
    expect(job.status).toBe('Success');
    const env: string = job.report.full.env;
    expect(env).toMatch(/PATH=\/usr\/local\/bin:\/usr\/bin:\/bin/);
    expect(env).not.toMatch(/PROPOLIS_TEST_SECRET|DATABASE_URL/);
    expect(job.report.full.cwd).toBe(root);
    expect(job.report.full.input).toMatchObject({
      data: '5.6.7.8',
      dataType: 'ip',
      config: { api_key: 'do-not-leak' },
    });
    // rate 2 per minute: one run done, a second is accepted, the third is refused
    const second = await soc.analyst.post(`${C}/analyzer/Bad_env_1_0/run`, {
      dataType: 'ip',
      data: '5.6.7.9',
    });
    expect(second.status).toBe(200);
    const cached = await soc.analyst.post(`${C}/analyzer/Bad_env_1_0/run`, {
      dataType: 'ip',
      data: '5.6.7.8',
    });
    expect(cached.body.fromCache).toBe(true); // a cache hit does not count
    const third = await soc.analyst.post(`${C}/analyzer/Bad_env_1_0/run`, {
      dataType: 'ip',
      data: '5.6.7.10',
    });
    expect(third.status).toBe(429);
    expect(third.body.type).toBe('RateLimitExceeded');
  });
});
