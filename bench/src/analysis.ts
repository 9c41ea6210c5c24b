/**
 * The analysis engine's figures: jobs per second through a trivial analyzer (a built-in one, and a
 * process one through the job-folder protocol) and the engine's overhead per job — a job's latency
 * through the API and the queue minus the same program run directly on a prepared job folder.
 * `propolis serve` runs in its own process, as in the main benchmark.
 *
 *   npm run bench:analysis [-- --jobs N] [-- --pg URL]
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { call } from './api-call.js';
import { CLI, freePort, onBothDatabases, startProcess } from './processes.js';

const { values: args } = parseArgs({
  options: { jobs: { type: 'string', default: '300' }, pg: { type: 'string' } },
});
const N = Number(args.jobs);
const PASSWORD = 'bench-analysis-password-1';
const log = (line: string) => process.stderr.write(`${line}\n`);

const TRIVIAL =
  '#!/bin/sh\nmkdir -p "$1/output"\necho \'{"success":true,"full":{},"summary":{"taxonomies":[]}}\' > "$1/output/output.json"\n';

/** The program alone: prepare a job folder, spawn it, read its output; sequentially. */
async function baseline(program: string, root: string, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-job-'));
    await mkdir(path.join(dir, 'input'));
    await mkdir(path.join(dir, 'output'));
    await writeFile(
      path.join(dir, 'input', 'input.json'),
      JSON.stringify({ data: `v${i}`, dataType: 'other' }),
    );
    await new Promise<void>((resolve) => {
      const child = spawn(program, [dir], { cwd: root, stdio: 'ignore' });
      child.on('close', () => resolve());
    });
    JSON.parse(await readFile(path.join(dir, 'output', 'output.json'), 'utf8'));
    await rm(dir, { recursive: true, force: true });
  }
  return (performance.now() - started) / n;
}

async function run(kind: 'sqlite' | 'postgres', databaseUrl?: string) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bench-analysis-'));
  await mkdir(path.join(root, 'workers', 'Trivial'), { recursive: true });
  const program = path.join(root, 'workers', 'Trivial', 'trivial.sh');
  await writeFile(program, TRIVIAL);
  await chmod(program, 0o755);
  await writeFile(
    path.join(root, 'workers', 'Trivial', 'trivial.json'),
    JSON.stringify({
      name: 'Trivial',
      version: '1.0',
      author: 'bench',
      url: 'http://127.0.0.1',
      license: 'AGPL-3.0',
      description: 'does nothing',
      dataTypeList: ['other', 'ip'],
      command: 'Trivial/trivial.sh',
    }),
  );
  const config = path.join(root, 'config.yaml');
  await writeFile(config, `analysis:\n  analyzerPaths: [${path.join(root, 'workers')}]\n  cacheMinutes: 0\n`);
  const port = await freePort();
  const server = await startProcess(
    CLI,
    ['serve'],
    {
      PROPOLIS_DATA_DIR: path.join(root, 'data'),
      PROPOLIS_ADMIN_PASSWORD: PASSWORD,
      PROPOLIS_PORT: String(port),
      PROPOLIS_LOG_LEVEL: 'warn',
      PROPOLIS_CONFIG: config,
      DATABASE_URL: databaseUrl,
    },
    port,
  );
  try {
    const url = server.url;
    const admin = `Basic ${Buffer.from(`admin@thehive.local:${PASSWORD}`).toString('base64')}`;
    await call(url, admin, 'POST', '/api/v1/organisation', { name: 'bench', description: 'bench' });
    for (const [login, profile] of [
      ['orgadmin@bench.local', 'org-admin'],
      ['analyst@bench.local', 'analyst'],
    ])
      await call(url, admin, 'POST', '/api/v1/user', { login, name: login, profile, organisation: 'bench' });
    const key = async (login: string) =>
      `Bearer ${await call(url, admin, 'POST', `/api/v1/user/${login}/key/renew`)}`;
    const orgAdmin = { authorization: await key('orgadmin@bench.local') };
    const analyst = await key('analyst@bench.local');
    for (const id of ['Trivial_1_0', 'Propolis_IpClass_1_0'])
      await call(url, orgAdmin.authorization, 'POST', `/cortex/api/organization/analyzer/${id}`, {});

    const results: Record<string, number> = {};
    for (const [name, analyzer, dataType] of [
      ['builtin', 'Propolis_IpClass_1_0', 'ip'],
      ['process', 'Trivial_1_0', 'other'],
    ] as const) {
      const value = (i: number) =>
        dataType === 'ip' ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `value-${i}`;
      // throughput: N jobs submitted at once, until all have ended
      let started = performance.now();
      const ids: string[] = [];
      for (let i = 0; i < N; i++)
        ids.push(
          (
            await call(url, analyst, 'POST', `/cortex/api/analyzer/${analyzer}/run`, {
              dataType,
              data: value(i),
            })
          ).id,
        );
      for (;;) {
        const statuses = await call(url, analyst, 'POST', '/cortex/api/job/status', { jobIds: ids });
        if (Object.values(statuses).every((s) => s === 'Success' || s === 'Failure')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      results[`${name} jobs/s`] = N / ((performance.now() - started) / 1000);
      // latency: one job at a time, run then wait for its report
      const n = Math.min(N, 100);
      started = performance.now();
      for (let i = 0; i < n; i++) {
        const job = await call(url, analyst, 'POST', `/cortex/api/analyzer/${analyzer}/run`, {
          dataType,
          data: value(N + i),
        });
        await call(url, analyst, 'GET', `/cortex/api/job/${job.id}/waitreport?atMost=10seconds`);
      }
      results[`${name} ms/job (one at a time)`] = (performance.now() - started) / n;
    }
    const direct = await baseline(program, path.join(root, 'workers'), 100);
    results['process program alone ms/run'] = direct;
    results['engine overhead ms/job (process)'] = results['process ms/job (one at a time)']! - direct;
    log(`\n${kind} (${N} jobs, ${os.cpus().length} cores)`);
    for (const [k, v] of Object.entries(results)) log(`  ${k.padEnd(36)} ${v.toFixed(1)}`);
    return results;
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await onBothDatabases(args.pg, 'propolis_bench_analysis', run);
