/**
 * Feeder throughput: how fast events from a source become stored alerts, against the same alerts
 * posted through the API in the same run (the baseline: 8 concurrent clients). `propolis serve` runs
 * in its own process with a Suricata feeder (an eve.json the bench appends to), a syslog feeder
 * (one TCP connection) and a Maildir feeder (MIME mails with an attachment, parsed as the IMAP
 * feeder parses them); each figure is from the first byte written to the last alert stored, read
 * from the feeder's own status.
 *
 *   npm run bench:feeders [-- --events N] [-- --pg URL]
 */
import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { call } from './api-call.js';
import { CLI, freePort, onBothDatabases, startProcess } from './processes.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '3000' }, pg: { type: 'string' } },
});
const N = Number(args.events);
const PASSWORD = 'bench-feeders-password-1';
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Event `i`: its own flow and signature (one alert each), three observables. */
function eveLine(i: number): string {
  return JSON.stringify({
    timestamp: new Date(Date.UTC(2026, 11, 5, 8, 0, 0, i)).toISOString(),
    flow_id: 5_000_000 + i,
    event_type: 'alert',
    src_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    src_port: 40000,
    dest_ip: '203.0.113.7',
    dest_port: 80,
    proto: 'TCP',
    alert: { signature_id: 3_000_000 + i, signature: `BENCH signature ${i}`, category: 'bench', severity: 2 },
    http: { hostname: `c2-${i}.example.net`, url: '/gate.php' },
  });
}

const syslogLine = (i: number) =>
  `<34>1 2026-12-05T09:00:00.${String(i % 1000).padStart(3, '0')}Z host-${i} sshd ${i} - - Failed password for root from 198.51.${(i >> 8) & 255}.${i & 255}`;

/** Mail `i`: a phishing report with defanged indicators in its body and a PDF attached. */
const mail = (i: number) =>
  [
    `From: "Billing ${i}" <billing${i}@invoices-example.com>`,
    'To: soc@example.test',
    `Subject: Invoice ${i} overdue`,
    'Date: Sat, 05 Dec 2026 09:12:00 +0000',
    `Message-ID: <bench-${i}@invoices-example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Please pay at hxxps://pay-${i}[.]invoices-example[.]com/portal?id=${i} before noon.`,
    `Our server 198.51.${(i >> 8) & 255}[.]${i & 255} will confirm.`,
    '--b1',
    `Content-Type: application/pdf; name="invoice-${i}.pdf"`,
    `Content-Disposition: attachment; filename="invoice-${i}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(`%PDF-1.4 fake invoice ${i}\n`.repeat(40)).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');

async function waitCreated(url: string, admin: string, feeder: string, count: number, started: number) {
  for (;;) {
    const view = await call(url, admin, 'GET', `/api/v1/feeder/${feeder}`);
    const done = view.status.created + view.status.duplicates + view.status.failed;
    if (done >= count) return { seconds: (performance.now() - started) / 1000, failed: view.status.failed };
    if (performance.now() - started > 600_000)
      throw new Error(`${feeder}: ${done} of ${count} after 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function run(kind: 'sqlite' | 'postgres', databaseUrl?: string) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bench-feeders-'));
  const eve = path.join(root, 'eve.json');
  await writeFile(eve, '');
  const maildir = path.join(root, 'Maildir');
  for (const sub of ['new', 'cur', 'tmp']) await mkdir(path.join(maildir, sub), { recursive: true });
  const syslogPort = await freePort();
  const config = path.join(root, 'config.yaml');
  await writeFile(
    config,
    `feederRunner: { reconcileSeconds: 0.2 }
feeders:
  - { name: ids, kind: suricata, organisation: bench, path: ${eve}, pollSeconds: 1, batchLines: 500 }
  - { name: logs, kind: syslog, organisation: bench, protocol: tcp, port: ${syslogPort}, maxSeverity: 7 }
  - { name: mails, kind: maildir, organisation: bench, path: ${maildir}, pollSeconds: 1 }
`,
  );
  const port = await freePort();
  const env = {
    PROPOLIS_DATA_DIR: path.join(root, 'data'),
    PROPOLIS_ADMIN_PASSWORD: PASSWORD,
    PROPOLIS_PORT: String(port),
    PROPOLIS_LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
  };
  // The organisation must exist before the feeders are read: create it, then restart with them.
  let server = await startProcess(CLI, ['serve'], env, port);
  const admin = `Basic ${Buffer.from(`admin@thehive.local:${PASSWORD}`).toString('base64')}`;
  await call(server.url, admin, 'POST', '/api/v1/organisation', { name: 'bench', description: 'bench' });
  await call(server.url, admin, 'POST', '/api/v1/user', {
    login: 'analyst@bench.local',
    name: 'analyst',
    profile: 'analyst',
    organisation: 'bench',
  });
  const analyst = `Bearer ${await call(server.url, admin, 'POST', '/api/v1/user/analyst@bench.local/key/renew')}`;
  await server.stop();
  server = await startProcess(CLI, ['serve'], { ...env, PROPOLIS_CONFIG: config }, port);
  const url = server.url;
  try {
    const results: Record<string, number> = {};
    // Baseline: the same alerts (three observables each) through the API, 8 clients.
    let started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N) {
          const i = next++;
          await call(url, analyst, 'POST', '/api/v1/alert', {
            type: 'bench',
            source: 'api',
            sourceRef: `api-${i}`,
            title: `BENCH signature ${i}`,
            description: 'bench',
            observables: [
              { dataType: 'ip', data: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
              { dataType: 'ip', data: '203.0.113.7' },
              { dataType: 'domain', data: `c2-${i}.example.net` },
            ],
          });
        }
      }),
    );
    results['API alerts/s (baseline, 8 clients)'] = N / ((performance.now() - started) / 1000);

    started = performance.now();
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(eveLine(i));
    await appendFile(eve, `${lines.join('\n')}\n`);
    const ids = await waitCreated(url, admin, 'ids', N, started);
    results['Suricata eve lines/s'] = N / ids.seconds;

    started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const conn = connect(syslogPort, '127.0.0.1', () => {
        const payload: string[] = [];
        for (let i = 0; i < N; i++) payload.push(syslogLine(i));
        conn.end(`${payload.join('\n')}\n`);
      });
      conn.on('close', () => resolve());
      conn.on('error', reject);
    });
    const logs = await waitCreated(url, admin, 'logs', N, started);
    results['syslog messages/s (TCP)'] = N / logs.seconds;

    // Mails are delivered as an MTA does: written in tmp/, then moved into new/.
    started = performance.now();
    for (let i = 0; i < N; i++) {
      const name = `${Date.now()}.B${i}.bench`;
      await writeFile(path.join(maildir, 'tmp', name), mail(i));
      await rename(path.join(maildir, 'tmp', name), path.join(maildir, 'new', name));
    }
    const mails = await waitCreated(url, admin, 'mails', N, started);
    results['Maildir mails/s'] = N / mails.seconds;

    const api = results['API alerts/s (baseline, 8 clients)']!;
    results['eve / API ratio'] = results['Suricata eve lines/s']! / api;
    results['syslog / API ratio'] = results['syslog messages/s (TCP)']! / api;
    results['mail / API ratio'] = results['Maildir mails/s']! / api;
    results['failed items'] = ids.failed + logs.failed + mails.failed;
    log(`\n${kind} (${N} events per source, ${os.cpus().length} cores)`);
    for (const [k, v] of Object.entries(results))
      log(`  ${k.padEnd(36)} ${v.toFixed(k.includes('ratio') ? 2 : 0)}`);
    return results;
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await onBothDatabases(args.pg, 'propolis_bench_feeders', run);
