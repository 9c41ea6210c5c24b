/**
 * The soak scenario (not part of CI): `propolis serve` in its own process under a steady mixed load
 * for a long time — alert ingestion, triage updates, lists, searches, live-stream polls and file
 * uploads from concurrent clients — reporting per window the errors, the p95 of each operation and
 * the server's resident memory, so a leak or a slow drift shows as a trend.
 *
 *   npm run soak                              30 minutes on SQLite
 *   npm run soak -- --minutes 3 --window 20   a short run, a row every 20 s
 *   npm run soak -- --pg URL                  on PostgreSQL (a fresh database is created under URL)
 *   options: --clients N (concurrent clients, default 8)
 *
 * Prints a table and writes bench/results/<date>-soak-<db>.json; exits 1 if any request failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPgDatabase, ROOT, rssMb, startPropolis } from './processes.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    window: { type: 'string', default: '60' },
    clients: { type: 'string', default: '8' },
    pg: { type: 'string' },
  },
});
const DURATION_MS = Number(args.minutes) * 60_000;
const WINDOW_MS = Number(args.window) * 1000;
const CLIENTS = Number(args.clients);
const ADMIN_PASSWORD = 'soak-admin-password-1';
const log = (line: string) => process.stderr.write(`${line}\n`);

type Op = 'ingest' | 'triage' | 'list' | 'search' | 'upload' | 'task' | 'stream';
/** Share of the clients' operations (the stream has its own poller). */
const MIX: Array<[Op, number]> = [
  ['ingest', 35],
  ['triage', 15],
  ['list', 20],
  ['search', 12],
  ['task', 12],
  ['upload', 6],
];

interface Window {
  /** Seconds since the start, at the window's end. */
  t: number;
  rssMb: number;
  requests: number;
  errors: number;
  p95: Partial<Record<Op, number>>;
}

class Api {
  constructor(
    readonly url: string,
    readonly auth: string,
  ) {}
  async call(method: string, route: string, body?: unknown, raw?: { data: Buffer; type: string }) {
    const headers: Record<string, string> = { authorization: this.auth };
    let payload: string | Buffer | undefined;
    if (raw) {
      headers['content-type'] = raw.type;
      payload = raw.data;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${this.url}${route}`, { method, headers, body: payload });
    const text = await r.text();
    // biome-ignore lint/suspicious/noExplicitAny: API answers are read by field name
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, text, json };
  }
}

function multipart(json: unknown, filename: string, data: Buffer): { data: Buffer; type: string } {
  const boundary = `----soak${Math.random().toString(16).slice(2)}`;
  const head = (name: string, extra = '') =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`;
  return {
    data: Buffer.concat([
      Buffer.from(`${head('_json')}${JSON.stringify(json)}\r\n`),
      Buffer.from(
        head('attachment', `; filename="${filename}"`).replace(
          '\r\n\r\n',
          '\r\nContent-Type: application/octet-stream\r\n\r\n',
        ),
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

const p95 = (values: number[]) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

async function main() {
  const kind = args.pg ? 'postgres' : 'sqlite';
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'propolis-soak-'));
  const pgDb = args.pg ? await createPgDatabase(args.pg, 'propolis_soak') : undefined;
  const server = await startPropolis({ dataDir, databaseUrl: pgDb?.url }, ADMIN_PASSWORD);
  const pid = server.child.pid!;
  log(`soak: ${kind}, ${args.minutes} min, ${CLIENTS} clients, a row every ${args.window} s`);
  const windows: Window[] = [];
  const errorSamples: string[] = [];
  try {
    const admin = new Api(
      server.url,
      `Basic ${Buffer.from(`admin@thehive.local:${ADMIN_PASSWORD}`).toString('base64')}`,
    );
    await admin.call('POST', '/api/v1/organisation', { name: 'soak', description: 'Soak' });
    await admin.call('POST', '/api/v1/user', {
      login: 'analyst@soak.local',
      name: 'Soak',
      profile: 'analyst',
      organisation: 'soak',
    });
    const key = (await admin.call('POST', '/api/v1/user/analyst@soak.local/key/renew')).text;
    const api = new Api(server.url, `Bearer ${key}`);

    let seq = 0;
    const alerts: string[] = [];
    const tasks: string[] = [];
    const cases: string[] = [];
    for (let i = 0; i < 20; i++) {
      const c = await api.call('POST', '/api/v1/case', {
        title: `Soak case ${i}`,
        description: 'soak',
        tasks: [{ title: 'Investigate' }, { title: 'Contain' }],
      });
      cases.push(c.json._id);
      const t = await api.call('GET', `/api/v1/case/${c.json._id}/task`);
      for (const task of t.json ?? []) tasks.push(task._id);
    }
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
    const fileData = Buffer.alloc(64 * 1024, 7);
    const words = ['phishing', 'malware', 'beacon', 'lateral', 'exfiltration', 'ransom', 'scan'];

    const operations: Record<Exclude<Op, 'stream'>, () => Promise<{ status: number; text: string }>> = {
      async ingest() {
        const n = seq++;
        const r = await api.call('POST', '/api/v1/alert', {
          type: 'soak',
          source: 'soak',
          sourceRef: `soak-${n}`,
          title: `${pick(words)} on host-${n % 500}`,
          description: `Soak alert ${n} ${pick(words)}`,
          severity: 1 + (n % 4),
          tags: [pick(words), `batch-${n % 20}`],
          observables: [
            { dataType: 'ip', data: `10.${n % 200}.${n % 250}.${n % 7}` },
            { dataType: 'domain', data: `host-${n % 500}.example` },
            { dataType: 'hash', data: (n * 2654435761).toString(16).padStart(32, '0').slice(0, 32) },
          ],
        });
        if (r.status === 201) alerts.push(r.json._id);
        if (alerts.length > 5000) alerts.splice(0, 1000);
        return r;
      },
      async triage() {
        if (alerts.length === 0) return { status: 200, text: '' };
        const roll = Math.random();
        if (roll < 0.1) {
          const r = await api.call('POST', `/api/v1/alert/${pick(alerts)}/case`, {});
          return r.status === 400 && /already|imported/i.test(r.text) ? { status: 200, text: '' } : r;
        }
        if (roll < 0.5) return api.call('POST', `/api/v1/alert/${pick(alerts)}/read`);
        return api.call('PATCH', `/api/v1/alert/${pick(alerts)}`, {
          tags: [pick(words)],
          severity: 1 + (seq % 4),
        });
      },
      async list() {
        const entity = Math.random() < 0.7 ? 'listAlert' : 'listCase';
        return api.call('POST', '/api/v1/query?name=soak-list', {
          query: [
            { _name: entity },
            { _name: 'sort', _fields: [{ _createdAt: 'desc' }] },
            { _name: 'page', from: 0, to: 15, extraData: ['importDate'] },
          ],
        });
      },
      async search() {
        return Math.random() < 0.5
          ? api.call('POST', '/api/alert/_search?range=0-15', { query: { _string: pick(words) } })
          : api.call('POST', '/api/v1/query', {
              query: [
                { _name: 'listAlert' },
                {
                  _name: 'filter',
                  _and: [
                    { _like: { _field: 'title', _value: `*${pick(words)}*` } },
                    { _gte: { _field: 'severity', _value: 2 } },
                  ],
                },
                { _name: 'page', from: 0, to: 15 },
              ],
            });
      },
      async task() {
        if (Math.random() < 0.5)
          return api.call('POST', `/api/v1/task/${pick(tasks)}/log`, { message: `note ${seq}` });
        return api.call('PATCH', `/api/v1/task/${pick(tasks)}`, { status: pick(['Waiting', 'InProgress']) });
      },
      async upload() {
        return api.call(
          'POST',
          `/api/v1/task/${pick(tasks)}/log`,
          undefined,
          multipart({ message: 'evidence' }, `evidence-${seq}.bin`, fileData),
        );
      },
    };

    // samples of the current window
    let samples: Partial<Record<Op, number[]>> = {};
    let requests = 0;
    let errors = 0;
    const record = (op: Op, ms: number, status: number, text: string, ok: (s: number) => boolean) => {
      requests++;
      const list = samples[op] ?? [];
      list.push(ms);
      samples[op] = list;
      if (!ok(status)) {
        errors++;
        if (errorSamples.length < 20) errorSamples.push(`${op} ${status} ${text.slice(0, 200)}`);
      }
    };
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    const chooseOp = (): Exclude<Op, 'stream'> => {
      let r = Math.random() * total;
      for (const [op, w] of MIX) {
        r -= w;
        if (r < 0) return op as Exclude<Op, 'stream'>;
      }
      return 'list';
    };

    const started = Date.now();
    const deadline = started + DURATION_MS;
    const client = async () => {
      while (Date.now() < deadline) {
        const op = chooseOp();
        const t0 = performance.now();
        try {
          const r = await operations[op]();
          record(op, performance.now() - t0, r.status, r.text, (s) => s >= 200 && s < 300);
        } catch (error) {
          record(op, performance.now() - t0, 0, String(error), () => false);
        }
      }
    };
    const streamPoller = async () => {
      const created = await api.call('POST', '/api/v1/stream');
      const id = created.text;
      while (Date.now() < deadline) {
        const t0 = performance.now();
        try {
          const r = await api.call('GET', `/api/v1/stream/${id}`);
          record('stream', performance.now() - t0, r.status, r.text, (s) => s === 200);
        } catch (error) {
          record('stream', performance.now() - t0, 0, String(error), () => false);
        }
      }
    };
    const reporter = async () => {
      let next = started + WINDOW_MS;
      while (next <= deadline + 1) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
        const w: Window = {
          t: Math.round((Date.now() - started) / 1000),
          rssMb: Math.round(rssMb(pid) ?? Number.NaN),
          requests,
          errors,
          p95: Object.fromEntries(
            Object.entries(samples).map(([op, v]) => [op, Math.round(p95(v!) * 10) / 10]),
          ),
        };
        windows.push(w);
        log(
          `  t=${w.t}s rss=${w.rssMb} MB requests=${w.requests} errors=${w.errors} p95 ms ${Object.entries(
            w.p95,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
        samples = {};
        requests = 0;
        errors = 0;
        next += WINDOW_MS;
      }
    };
    await Promise.all([reporter(), streamPoller(), ...Array.from({ length: CLIENTS }, client)]);

    const ops: Op[] = ['ingest', 'triage', 'list', 'search', 'task', 'upload', 'stream'];
    const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
    console.log(`\nSoak on ${kind}: ${args.minutes} min, ${CLIENTS} clients + 1 stream poller\n`);
    console.log(line(['t (s)', 'RSS MB', 'req/s', 'errors', ...ops.map((o) => `${o} p95 ms`)]));
    console.log(line(['---', '---', '---', '---', ...ops.map(() => '---')]));
    for (const w of windows) {
      console.log(
        line([
          w.t,
          w.rssMb,
          Math.round(w.requests / (WINDOW_MS / 1000)),
          w.errors,
          ...ops.map((o) => w.p95[o] ?? '-'),
        ]),
      );
    }
    const totalErrors = windows.reduce((s, w) => s + w.errors, 0);
    const totalRequests = windows.reduce((s, w) => s + w.requests, 0);
    console.log(`\n${totalRequests} requests, ${totalErrors} errors, ${seq} alerts ingested`);
    if (errorSamples.length) console.log(`error samples:\n  ${errorSamples.join('\n  ')}`);
    const dir = path.join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-soak-${kind}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ kind, minutes: Number(args.minutes), clients: CLIENTS, windowSeconds: WINDOW_MS / 1000, windows, totalRequests, totalErrors, errorSamples }, null, 2)}\n`,
    );
    log(`written ${path.relative(ROOT, file)}`);
    process.exitCode = totalErrors > 0 ? 1 : 0;
  } finally {
    await server.stop();
    await pgDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(String(error?.stack ?? error));
  process.exit(1);
});
