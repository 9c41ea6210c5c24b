/**
 * Two nodes on one PostgreSQL database share the queue: every job runs exactly once, and both
 * nodes take part (FOR UPDATE SKIP LOCKED). PostgreSQL only: SQLite is a single-node storage.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { type AnalysisServer, startAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';
const JOBS = 24;
let root: string;
let nodeA: AnalysisServer;
let nodeB: AnalysisServer;
let soc: OrgFixture;

describe.skipIf(!process.env.DATABASE_URL)('two nodes sharing the queue', () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'propolis-queue-'));
    await mkdir(path.join(root, 'Slow'));
    const log = path.join(root, 'runs.log');
    await writeFile(log, '');
    const program = path.join(root, 'Slow', 'slow.sh');
    // records "<job folder>" once per run, then reports after a short while
    await writeFile(
      program,
      `#!/bin/sh\necho "$1" >> ${log}\nsleep 0.2\nmkdir -p "$1/output"\necho '{"success":true,"full":{}}' > "$1/output/output.json"\n`,
    );
    await chmod(program, 0o755);
    await writeFile(
      path.join(root, 'Slow', 'slow.json'),
      JSON.stringify({
        name: 'Slow',
        version: '1.0',
        author: 't',
        url: 'http://127.0.0.1',
        license: 'AGPL-3.0',
        description: 'slow',
        dataTypeList: ['other'],
        command: 'Slow/slow.sh',
      }),
    );
    const settings = {
      analyzerPaths: [root],
      concurrency: 3,
      concurrencyPerWorker: 3,
      pollMilliseconds: 100,
    };
    nodeA = await startAnalysisServer(settings);
    const url = nodeA.propolis.deps.config.databaseUrl as string;
    nodeB = await startAnalysisServer(settings, { databaseUrl: url });
    soc = await createOrganisation(nodeA as never, 'soc');
    const enabled = await soc.orgAdmin.post(`${C}/organization/analyzer/Slow_1_0`, {});
    if (enabled.status !== 201) throw new Error(enabled.text);
  });
  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('runs every job once, on both nodes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const run = await soc.analyst.post(`${C}/analyzer/Slow_1_0/run`, {
        dataType: 'other',
        data: `value-${i}`,
      });
      expect(run.status).toBe(200);
      ids.push(run.body.id);
    }
    for (const id of ids) {
      const done = await soc.analyst.get(`${C}/job/${id}/waitreport?atMost=30seconds`);
      expect(done.body.status).toBe('Success');
    }
    const runs = (await readFile(path.join(root, 'runs.log'), 'utf8')).trim().split('\n');
    const jobOf = (folder: string) => /cortex-job-(\d+)-/.exec(folder)![1];
    expect(runs).toHaveLength(JOBS);
    expect(new Set(runs.map(jobOf)).size).toBe(JOBS);
    const byNode = (s: AnalysisServer) => runs.filter((r) => r.startsWith(s.dataDir)).length;
    expect(byNode(nodeA) + byNode(nodeB)).toBe(JOBS);
    expect(byNode(nodeA)).toBeGreaterThan(0);
    expect(byNode(nodeB)).toBeGreaterThan(0);
  });
});
