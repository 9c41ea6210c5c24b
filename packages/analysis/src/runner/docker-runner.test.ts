/**
 * The docker runner against a stand-in for the docker CLI (test-support/fake-docker.mjs, first on
 * PATH as `docker`): docker cannot run on the test machines, so this checks the exact `docker run`
 * arguments (image, the job folder mounted at /job, network, user, memory and CPU limits, the
 * worker's environment), `docker kill` of a container that outlives its timeout, the error of an
 * image that cannot be found, and, end to end, the real TestAnalyzer run "in its image" (the
 * stand-in runs its program on the mounted folder) through the real server. Which runner runs a
 * definition (analysis.runners, workerRunners) is checked on the loader.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { loadDefinitions } from '../definitions/load-definitions.js';
import { cortexDir, useAnalysisServer } from '../test-support/server.js';
import { dockerCliFound } from './docker-runner.js';

const C = '/cortex/api';
const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'propolis-docker-'));
const log = path.join(work, 'docker.log');
const jobs = path.join(work, 'jobs');

/** `docker` on PATH: the stand-in, told where to log and which program each image runs. */
function installFakeDocker(): void {
  const bin = path.join(work, 'bin');
  const state = path.join(work, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  const hang = path.join(work, 'images', 'hang', 'hang.sh');
  mkdirSync(path.dirname(hang), { recursive: true });
  writeFileSync(hang, '#!/bin/sh\nsleep 60\n');
  chmodSync(hang, 0o755);
  const images = path.join(work, 'images.json');
  writeFileSync(
    images,
    JSON.stringify({
      'cortexneurons/testanalyzer:1': path.join(cortexDir(), 'analyzers', 'TestAnalyzer', 'testing.py'),
      'propolis/hang:1': hang,
    }),
  );
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\nFAKE_DOCKER_LOG='${log}' FAKE_DOCKER_IMAGES='${images}' FAKE_DOCKER_STATE='${state}' exec '${process.execPath}' '${path.join(here, '../test-support/fake-docker.mjs')}' "$@"\n`,
  );
  chmodSync(path.join(bin, 'docker'), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH}`;
}

/** Definitions that name an image and no program (as Cortex's published catalogue does). */
function imageDefinitions(): string {
  const root = path.join(work, 'definitions');
  mkdirSync(path.join(root, 'Images'), { recursive: true });
  const test = JSON.parse(
    readFileSync(path.join(cortexDir(), 'analyzers', 'TestAnalyzer', 'TestAnalyzer.json'), 'utf8'),
  );
  delete test.command;
  test.dockerImage = 'cortexneurons/testanalyzer:1';
  const base = {
    version: '1.0',
    author: 't',
    url: 'https://example.org',
    license: 'AGPL-V3',
    description: 'd',
  };
  const defs = [
    test,
    { ...base, name: 'Hang', dataTypeList: ['ip'], dockerImage: 'propolis/hang:1' },
    { ...base, name: 'Missing', dataTypeList: ['ip'], dockerImage: 'propolis/missing:1' },
  ];
  writeFileSync(path.join(root, 'Images', 'images.json'), JSON.stringify(defs));
  return root;
}

installFakeDocker();
const server = useAnalysisServer({
  analyzerPaths: [imageDefinitions()],
  builtins: false,
  runners: ['docker', 'process'],
  dockerNetwork: 'none',
  dockerCpus: 1.5,
  maxMemoryMb: 512,
  jobDirectory: jobs,
  env: { PYTHONPATH: path.join(cortexDir(), 'lib') },
});
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
  for (const [id, configuration] of [
    ['TestAnalyzer_1_0', { cacerts: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }],
    ['Hang_1_0', { jobTimeout: 0.05 }],
    ['Missing_1_0', {}],
  ] as const) {
    const res = await soc.orgAdmin.post(`${C}/organization/analyzer/${id}`, { configuration });
    if (res.status !== 201) throw new Error(res.text);
  }
});

const invocations = (): string[][] =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

async function runAndWait(analyzer: string, data: string) {
  const run = await soc.analyst.post(`${C}/analyzer/${analyzer}/run`, { dataType: 'ip', data, force: true });
  expect(run.status).toBe(200);
  return (await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=30seconds`)).body;
}

describe('docker runner', () => {
  it('runs the image with the job folder at /job and the configured limits', async () => {
    const job = await runAndWait('TestAnalyzer_1_0', '1.2.3.4');
    expect(job.status, job.errorMessage).toBe('Success');
    expect(job.report.summary.taxonomies).toHaveLength(4);
    expect(job.report.artifacts).toEqual([expect.objectContaining({ dataType: 'ip', data: '8.8.8.8' })]);
    const run = invocations().find((a) => a[0] === 'run' && a.at(-1) === 'cortexneurons/testanalyzer:1');
    expect(run).toBeDefined();
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    expect(run).toEqual([
      'run',
      '--rm',
      expect.stringMatching(
        new RegExp(`^--name=propolis-job-${Number(job.id.replace('~', ''))}-[0-9a-f]{8}$`),
      ),
      expect.stringMatching(new RegExp(`^--volume=${jobs}/cortex-job-\\d+-\\w+:/job:rw$`)),
      '--workdir=/job',
      '--cap-drop=ALL',
      '--security-opt=no-new-privileges',
      '--pids-limit=512',
      `--user=${uid}:${gid}`,
      '--network=none',
      '--memory=512m',
      '--memory-swap=512m',
      '--cpus=1.5',
      `--env=PYTHONPATH=${path.join(cortexDir(), 'lib')}`,
      '--env=REQUESTS_CA_BUNDLE=/job/input/cacerts',
      'cortexneurons/testanalyzer:1',
    ]);
    // the job folder is removed once the report is read
    expect(readdirSync(jobs)).toEqual([]);
  });

  it('kills the container of a worker that outlives its timeout', async () => {
    const started = Date.now();
    const job = await runAndWait('Hang_1_0', '1.2.3.4');
    expect(job.status).toBe('Failure');
    expect(job.errorMessage).toMatch(/^Timeout: the worker ran longer than 3 s/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const all = invocations();
    const run = all.find((a) => a[0] === 'run' && a.at(-1) === 'propolis/hang:1');
    const name = run?.find((a) => a.startsWith('--name='))?.slice('--name='.length);
    expect(all).toContainEqual(['kill', name]);
  });

  it('fails with docker error output when the image cannot be found', async () => {
    const job = await runAndWait('Missing_1_0', '1.2.3.4');
    expect(job.status).toBe('Failure');
    expect(job.errorMessage).toMatch(/Unable to find image 'propolis\/missing:1'/);
  });
});

describe('runner choice', () => {
  const root = path.join(work, 'both');
  mkdirSync(path.join(root, 'Both'), { recursive: true });
  writeFileSync(path.join(root, 'Both', 'run.sh'), '#!/bin/sh\n');
  writeFileSync(
    path.join(root, 'Both', 'both.json'),
    JSON.stringify({
      name: 'Both',
      version: '2.0',
      author: 't',
      url: 'u',
      license: 'l',
      description: 'd',
      dataTypeList: ['ip'],
      command: 'Both/run.sh',
      dockerImage: 'example/both:2',
    }),
  );

  it('finds the docker CLI in PATH, or not', () => {
    expect(dockerCliFound('docker')).toBe(true); // the stand-in
    expect(dockerCliFound('docker', '/nonexistent:/also/not')).toBe(false);
    expect(dockerCliFound(path.join(work, 'bin', 'docker'))).toBe(true);
    expect(dockerCliFound(path.join(work, 'no-docker'))).toBe(false);
  });

  it('takes the first able runner of analysis.runners, or the one named for the definition', () => {
    const [byProcess] = loadDefinitions([root], 'analyzer', {
      runners: ['process', 'docker'],
      workerRunners: {},
    }).definitions;
    expect(byProcess).toMatchObject({ runner: 'process', command: path.join(root, 'Both', 'run.sh') });
    const [byDocker] = loadDefinitions([root], 'analyzer', {
      runners: ['docker', 'process'],
      workerRunners: {},
    }).definitions;
    expect(byDocker).toMatchObject({ runner: 'docker', dockerImage: 'example/both:2' });
    const [named] = loadDefinitions([root], 'analyzer', {
      runners: ['process'],
      workerRunners: { Both: 'docker' },
    }).definitions;
    expect(named?.runner).toBe('docker');
    const imageOnly = loadDefinitions([path.join(work, 'definitions')], 'analyzer', {
      runners: ['process'],
      workerRunners: {},
    });
    expect(imageOnly.definitions).toEqual([]);
    expect(imageOnly.problems[0]).toMatch(
      /cannot run here \(runners process\): process: it names no command/,
    );
  });
});
