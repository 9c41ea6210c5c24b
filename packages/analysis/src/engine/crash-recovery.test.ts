/**
 * A node killed with SIGKILL while a job runs: the job is not lost nor stuck. The next node (here a
 * restart on the same storage) finds its lease expired, queues it again and runs it. Uses the built
 * `propolis` command (dist/propolis.mjs), as an operator runs it, on SQLite or on PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../server/src/test-support/free-port.js';
import { HttpClient } from '../../../server/src/test-support/http.js';
import { createOrganisation } from '../../../server/src/test-support/identity.js';
import { createPgDatabase } from '../../../server/src/test-support/server.js';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/propolis.mjs');
const C = '/cortex/api';
const PASSWORD = 'crash-test-password-1';

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/serving on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => reject(new Error(`the server exited:\n${out}`)));
  });
}

describe.skipIf(!existsSync(main))('a node killed during a job', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  });

  it('has its job run again by the next node', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'propolis-crash-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    await mkdir(path.join(root, 'workers', 'Once'), { recursive: true });
    const mark = path.join(root, 'mark');
    const pids = path.join(root, 'pids');
    const program = path.join(root, 'workers', 'Once', 'once.sh');
    // the first run hangs (until its node is killed), the second one reports
    await writeFile(
      program,
      `#!/bin/sh\necho $$ >> ${pids}\nif [ -e ${mark} ]; then mkdir -p "$1/output"; echo '{"success":true,"full":{"run":2}}' > "$1/output/output.json"; exit 0; fi\ntouch ${mark}\nexec sleep 60\n`,
    );
    await chmod(program, 0o755);
    await writeFile(
      path.join(root, 'workers', 'Once', 'once.json'),
      JSON.stringify({
        name: 'Once',
        version: '1.0',
        author: 't',
        url: 'http://127.0.0.1',
        license: 'AGPL-3.0',
        description: 'hangs the first time',
        dataTypeList: ['other'],
        command: 'Once/once.sh',
      }),
    );
    const configFile = path.join(root, 'config.yaml');
    await writeFile(
      configFile,
      `analysis:\n  analyzerPaths: [${path.join(root, 'workers')}]\n  leaseSeconds: 2\n  pollMilliseconds: 200\n  maxAttempts: 2\n`,
    );
    let databaseUrl: string | undefined;
    if (process.env.DATABASE_URL) {
      const db = await createPgDatabase(process.env.DATABASE_URL);
      databaseUrl = db.url;
      cleanup.push(() => db.drop());
    }
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PROPOLIS_DATA_DIR: path.join(root, 'data'),
      PROPOLIS_PORT: String(port),
      PROPOLIS_ADMIN_PASSWORD: PASSWORD,
      PROPOLIS_CONFIG: configFile,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const start = async () => {
      const child = spawn(process.execPath, [main, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      cleanup.push(async () => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      await started(child);
      return child;
    };
    const url = `http://127.0.0.1:${port}`;
    const first = await start();
    const soc = await createOrganisation(
      { url, admin: new HttpClient(url, { basic: ['admin@thehive.local', PASSWORD] }) } as never,
      'soc',
    );
    expect((await soc.orgAdmin.post(`${C}/organization/analyzer/Once_1_0`, {})).status).toBe(201);
    const run = await soc.analyst.post(`${C}/analyzer/Once_1_0/run`, { dataType: 'other', data: 'x' });
    expect(run.status).toBe(200);
    for (let i = 0; i < 100 && !existsSync(mark); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await soc.analyst.get(`${C}/job/${run.body.id}`)).body.status).toBe('InProgress');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // the orphaned worker of the killed node is not ours to keep
    cleanup.push(async () => {
      for (const pid of (await readFile(pids, 'utf8')).trim().split('\n'))
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
    });

    await start();
    const done = await soc.analyst.get(`${C}/job/${run.body.id}/waitreport?atMost=30seconds`);
    expect(done.body.status).toBe('Success');
    expect(done.body.report.full).toEqual({ run: 2 });
  }, 90_000);
});
