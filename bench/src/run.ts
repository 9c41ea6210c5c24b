/**
 * The Propolis benchmark: loads a seeded data set through the repository layer, starts
 * `propolis serve` as its own process on it, and measures each scenario against a baseline taken in
 * the same run. Prints a table and writes bench/results/<date>-<db>[-full].json.
 *
 *   npm run bench                      quick mode, SQLite (and PostgreSQL when DATABASE_URL is set)
 *   npm run bench -- --pg URL          also on PostgreSQL (a fresh database is created under URL)
 *   npm run bench -- --full            1M alerts, 100k cases, ~10M observables
 *   options: --only sqlite|pg (or postgres), --alerts N, --cases N, --seed N, --keep (keep the data set)
 *   --keep writes a manifest of the kept data set; --reuse MANIFEST runs the scenarios again on it
 *   (no load: the database named there is used as it is, and changed by the ingestion scenario)
 *   --load-only (with --keep) loads and keeps a data set without running the scenarios
 *   --scenario reads-while-ingesting runs that scenario alone (best with --reuse: no load), prints
 *   its figures and writes no results file; --scenario reads likewise the alert list and the case
 *   searches (4 and 5) alone, --scenario similar the similar cases (7) alone without their baseline
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openStorage, type Storage } from '../../packages/server/dist/db/database.js';
import { foldAlertRollup } from '../../packages/server/dist/db/repositories/alert-rollup.js';
import { vacuumAnalyze } from '../../packages/server/dist/db/repositories/bulk-load.js';
import { Api, createBenchAnalyst } from './api-call.js';
import { type DatasetSize, generate, type Loaded } from './generate.js';
import { notificationScenario } from './notify-scenario.js';
import {
  createPgDatabase,
  freePort,
  ROOT,
  type Running,
  rssMb,
  runJson,
  startProcess,
  startPropolis,
} from './processes.js';
import { printTable, type Result } from './report.js';
import { readsWhileIngesting, type WriteScenarioOptions, writeScenarios } from './write-scenarios.js';

const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    pg: { type: 'string' },
    only: { type: 'string' },
    alerts: { type: 'string' },
    cases: { type: 'string' },
    seed: { type: 'string', default: '20250101' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    'load-only': { type: 'boolean', default: false },
    scenario: { type: 'string' },
  },
});
/** --scenario NAME: only that scenario, after the cold start (to measure one change in alternating runs). */
const SCENARIOS = ['reads-while-ingesting', 'reads', 'similar'] as const;
if (args.scenario !== undefined && !(SCENARIOS as readonly string[]).includes(args.scenario)) {
  console.error(`--scenario: one of ${SCENARIOS.join(', ')}, got "${args.scenario}"`);
  process.exit(2);
}

/** What --keep leaves to find a data set again (--reuse). */
interface Manifest {
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  loaded: Loaded;
}
const REUSE: Manifest | undefined = args.reuse ? JSON.parse(readFileSync(args.reuse, 'utf8')) : undefined;

const FULL = args.full;
const SIZE: DatasetSize = {
  alerts: Number(args.alerts ?? (FULL ? 1_000_000 : 50_000)),
  cases: Number(args.cases ?? (FULL ? 100_000 : 5_000)),
};
const N = FULL
  ? {
      list: 300,
      search: 200,
      stats: 15,
      similarity: 300,
      stream: 200,
      notifications: 5000,
      ingestSeconds: 30,
      burst: 50_000,
    }
  : {
      list: 150,
      search: 100,
      stats: 10,
      similarity: 150,
      stream: 50,
      notifications: 1000,
      ingestSeconds: 10,
      burst: 10_000,
    };
const ADMIN_PASSWORD = 'bench-admin-password-1';
const ANALYST = 'analyst@bench.local';

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Timing {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs fn n times one after the other (after a few warm-up calls) and returns its latency percentiles in ms. */
async function measure(n: number, fn: (i: number) => Promise<unknown>, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  // A baseline on SQLite runs synchronously (better-sqlite3) and can hold the event loop for minutes:
  // let it handle what waited meanwhile (such as the server closing an idle keep-alive connection)
  // before the next request picks that connection.
  await new Promise((r) => setTimeout(r, 100));
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    mean: round(times.reduce((s, x) => s + x, 0) / n),
    n,
  };
}

async function runSuite(kind: 'sqlite' | 'postgres', pgBase?: string): Promise<void> {
  log(`\n=== ${kind}: ${FULL ? 'full' : 'quick'} mode, ${SIZE.alerts} alerts, ${SIZE.cases} cases ===`);
  const dataDir = REUSE?.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'propolis-bench-')));
  const pgDb = REUSE
    ? undefined
    : kind === 'postgres'
      ? await createPgDatabase(pgBase!, 'propolis_bench')
      : undefined;
  const where = { dataDir, databaseUrl: REUSE ? REUSE.databaseUrl : pgDb?.url };
  const results: Result[] = [];
  const add = (r: Result) => {
    results.push(r);
    log(
      `  ${r.scenario}: ${r.value} ${r.unit}${r.baseline !== undefined ? ` (baseline ${r.baseline})` : ''}`,
    );
  };
  let server: Running | undefined;
  let storage: Storage | undefined;
  const closeBenchStorage = async () => {
    await storage?.close();
    storage = undefined;
  };
  try {
    const adminAuth = `Basic ${Buffer.from(`admin@thehive.local:${ADMIN_PASSWORD}`).toString('base64')}`;
    let emptyStartMs = Number.NaN;
    let loaded: Loaded;
    if (REUSE) {
      loaded = REUSE.loaded;
      log(`  reusing the data set of ${args.reuse}`);
      // A first start applies the migrations that came after the data set was made: not a cold start.
      server = await startPropolis(where, ADMIN_PASSWORD);
      emptyStartMs = server.startMs;
      log(`  first start (migrations) took ${Math.round(emptyStartMs)} ms`);
      await server.stop();
      server = undefined;
      storage = openStorage(where);
      // The earlier runs' alerts (about 0.2M per full run) add up until PostgreSQL's autovacuum
      // takes on the largest tables, for minutes, during whichever scenario runs then (a run that
      // overlapped one measured the similar cases 15-25% slower and the reads while ingesting at
      // 107 ms instead of 21-27). Start from the state a load leaves, vacuumed and analysed.
      if (kind === 'postgres') {
        const vacuumStarted = performance.now();
        await vacuumAnalyze(storage.db);
        log(
          `  VACUUM ANALYZE of the reused data set took ${Math.round((performance.now() - vacuumStarted) / 1000)} s`,
        );
      }
    } else {
      // 1. Organisation, analyst and API key through the API, on an empty database.
      server = await startPropolis(where, ADMIN_PASSWORD);
      emptyStartMs = server.startMs;
      await createBenchAnalyst(new Api(server.url, adminAuth), ANALYST);
      await server.stop();
      server = undefined;

      // 2. The data set, through the repository layer's bulk functions.
      storage = openStorage(where);
      const bench = await storage.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'bench')
        .executeTakeFirstOrThrow();
      log('  loading the data set...');
      loaded = await generate(storage, bench.id, ANALYST, SIZE, { seed: Number(args.seed), log });
      // The load's alert inserts each appended a rollup delta row: fold them, as a running server
      // does every 30 s (db/alert-rollup-folding.ts).
      await foldAlertRollup(storage.db, storage.dialect);
      log(
        `  loaded ${loaded.alerts} alerts, ${loaded.cases} cases, ${loaded.tasks} tasks, ${loaded.logs} logs, ${loaded.observables} observables, ${loaded.tags} tag rows in ${loaded.seconds.toFixed(1)} s`,
      );
      if (args.keep) {
        const manifest: Manifest = { kind, dataDir, databaseUrl: where.databaseUrl, loaded };
        const file = path.join(dataDir, 'bench-dataset.json');
        writeFileSync(file, JSON.stringify(manifest));
        log(`  manifest of the data set (for --reuse): ${file}`);
      }
      // The cold start below is the server's alone: the harness closes its storage first (on SQLite
      // that copies the load's last WAL back into the database and deletes it) and waits for the
      // load's writes to reach the disk, then opens it again, as a reused data set starts.
      const closing = performance.now();
      await closeBenchStorage();
      execFileSync('sync');
      storage = openStorage(where);
      log(`  closing the load's storage and syncing took ${Math.round(performance.now() - closing)} ms`);
    }
    const org = await storage.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'bench')
      .executeTakeFirstOrThrow();

    if (args['load-only']) {
      log('  --load-only: no scenarios');
      return;
    }

    // 3. Cold start on the loaded data set: spawn to the first served /api/health. The notification
    // scenario's receiver listens on 127.0.0.1, which URLs given through the API may only reach when
    // the configuration allows it.
    const benchConfig = path.join(dataDir, 'bench-propolis.yml');
    writeFileSync(benchConfig, 'notification:\n  allowLocalAddresses: true\n');
    server = await startPropolis(where, ADMIN_PASSWORD, { PROPOLIS_CONFIG: benchConfig });
    const key = String(
      (await new Api(server.url, adminAuth).call('POST', `/api/v1/user/${ANALYST}/key/renew`)).json,
    );
    add({
      scenario: 'cold start',
      value: Math.round(server.startMs),
      unit: 'ms',
      target: { goal: 1000, kind: 'max' },
      note: `spawn to first 200 of /api/health on the loaded data set (empty database: ${Math.round(emptyStartMs)} ms)`,
    });
    const api = new Api(server.url, `Bearer ${key}`);
    // The alert list (status + tag, newest first, page of 15 with the total) and the case search
    // (_match on title or description) of scenarios 4 and 5, also the analysts' reads of 11.
    const listBody = {
      query: [
        { _name: 'listAlert' },
        {
          _name: 'filter',
          _and: [
            { _eq: { _field: 'status', _value: 'New' } },
            { _eq: { _field: 'tags', _value: loaded.listTag } },
          ],
        },
        { _name: 'sort', _fields: [{ date: 'desc' }] },
        { _name: 'page', from: 0, to: 15, extraData: ['total'] },
      ],
    };
    const word = loaded.searchWord;
    const searchBody = {
      query: [
        { _name: 'listCase' },
        {
          _name: 'filter',
          _or: [
            { _match: { _field: 'title', _value: word } },
            { _match: { _field: 'description', _value: word } },
          ],
        },
        { _name: 'sort', _fields: [{ startDate: 'desc' }] },
        { _name: 'page', from: 0, to: 15, extraData: ['total'] },
      ],
    };
    /** What the write scenarios (11) need; `prefix` is unique per run (a kept data set keeps earlier runs' alerts). */
    const writeOptions = (prefix: string): WriteScenarioOptions => ({
      url: server!.url,
      key,
      call: (m, r, b) => api.call(m, r, b),
      reads: [
        (call) => call('POST', '/api/v1/query', listBody),
        (call) => call('POST', '/api/v1/query', searchBody),
      ],
      seconds: N.ingestSeconds,
      burst: N.burst,
      prefix: `${prefix}-${Date.now().toString(36)}`,
    });
    if (args.scenario === 'reads-while-ingesting') {
      await closeBenchStorage();
      for (const r of await readsWhileIngesting(writeOptions('rwi'))) add(r);
      printAlone(kind, results);
      return;
    }
    const db = storage.db;
    const orgId = org.id;
    if (args.scenario === 'similar') {
      add(await similarCases(api, db, orgId, loaded, { baseline: false }));
      printAlone(kind, results);
      return;
    }

    // 4. Alert list: status + tag, newest first, page of 15 with the total.
    let listTotal = '';
    const list = await measure(N.list, async () => {
      listTotal = (await api.call('POST', '/api/v1/query', listBody)).total ?? '?';
    });
    const listWhere = (q: ReturnType<typeof db.selectFrom<'alert'>>) =>
      q
        .where('organisation_id', '=', orgId)
        .where('status', '=', 'New')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('entity_tag')
              .select('entity_tag.entity_id')
              .where('entity_tag.organisation_id', '=', orgId)
              .where('entity_tag.entity_type', '=', 'alert')
              .where('entity_tag.tag', '=', loaded.listTag)
              .whereRef('entity_tag.entity_id', '=', 'alert.id'),
          ),
        );
    // The total is TheHive's limited count (query.limitedCountThreshold, 1000 by default): the
    // baseline counts the same way; the exact count is measured on the side, for the record.
    const listBase = await measure(N.list, async () => {
      await listWhere(db.selectFrom('alert'))
        .selectAll()
        .orderBy('date', 'desc')
        .orderBy('id', 'desc')
        .limit(15)
        .execute();
      await db
        .selectFrom(listWhere(db.selectFrom('alert')).select('id').limit(1000).as('c'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
    });
    const exactCount = await measure(Math.min(N.list, 30), () =>
      listWhere(db.selectFrom('alert'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    );
    add({
      scenario: 'alert list p95',
      value: list.p95,
      unit: 'ms',
      p50: list.p50,
      target: { goal: 30, kind: 'max' },
      baseline: listBase.p95,
      baselineNote: 'the same two SQL statements (page + count up to 1000) through Kysely in the harness',
      note: `POST /api/v1/query listAlert, status=New and tag ${loaded.listTag}, sort date desc, page 15 + total (X-Total ${listTotal}, counted up to 1000), ${N.list} requests; an exact count(*) of the matches alone takes p95 ${exactCount.p95} ms in SQL`,
    });

    // 5. Case search: _match on title or description (v1), and a v0 _string free word.
    let searchTotal = '';
    const search = await measure(N.search, async () => {
      searchTotal = (await api.call('POST', '/api/v1/query', searchBody)).total ?? '?';
    });
    const pattern = `%${word}%`;
    const searchWhere = (q: ReturnType<typeof db.selectFrom<'case'>>) =>
      q
        .where('organisation_id', '=', orgId)
        .where((eb) =>
          eb.or([eb(sql`lower(title)`, 'like', pattern), eb(sql`lower(description)`, 'like', pattern)]),
        );
    const searchBase = await measure(N.search, async () => {
      await searchWhere(db.selectFrom('case')).selectAll().orderBy('start_date', 'desc').limit(15).execute();
      await searchWhere(db.selectFrom('case'))
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
    });
    add({
      scenario: 'case search p95',
      value: search.p95,
      unit: 'ms',
      p50: search.p50,
      target: { goal: 50, kind: 'max' },
      baseline: searchBase.p95,
      baselineNote: 'lower(title|description) LIKE %word% page + count through Kysely',
      note: `v1 listCase _match "${word}" on title or description (served by the full-text index: FTS5 on SQLite, GIN tsvector on PostgreSQL), sort startDate desc, page 15 + total (${searchTotal} matches)`,
    });
    const freeWord = await measure(N.search, async () => {
      await api.call('POST', '/api/case/_search?range=0-15&sort=-startDate', { query: { _string: word } });
    });
    add({
      scenario: 'case search v0 _string p95',
      value: freeWord.p95,
      unit: 'ms',
      p50: freeWord.p50,
      target: { goal: 50, kind: 'max' },
      baseline: searchBase.p95,
      baselineNote: 'as above',
      note: `v0 POST /api/case/_search {"_string": "${word}"} (free word over every text field and tags)`,
    });
    if (args.scenario === 'reads') {
      printAlone(kind, results);
      return;
    }

    // 6. Stats over the whole alert set.
    const perDay = {
      query: {},
      stats: [
        {
          _agg: 'time',
          _fields: ['date'],
          _interval: '1d',
          _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
        },
      ],
    };
    const statsDay = await measure(N.stats, () => api.call('POST', '/api/alert/_stats', perDay), 1);
    const statsDayBase = await measure(
      N.stats,
      () =>
        sql`SELECT (date / 86400000) * 86400000 AS bucket, status, count(*) AS n FROM alert WHERE organisation_id = ${orgId} GROUP BY 1, 2`.execute(
          db,
        ),
      1,
    );
    add({
      scenario: 'stats: alerts per day by status p95',
      value: statsDay.p95,
      unit: 'ms',
      p50: statsDay.p50,
      target: { goal: 300, kind: 'max' },
      baseline: statsDayBase.p95,
      baselineNote: 'one GROUP BY day bucket, status statement',
      note: `POST /api/alert/_stats time 1d on date × field status, whole set (${loaded.alerts}+ alerts)`,
    });
    const perWeek = {
      query: {},
      stats: [
        {
          _agg: 'time',
          _fields: ['date'],
          _interval: '1w',
          _select: [{ _agg: 'avg', _field: 'handlingDurationInHours' }],
        },
      ],
    };
    const statsWeek = await measure(N.stats, () => api.call('POST', '/api/alert/_stats', perWeek), 1);
    const statsWeekBase = await measure(
      N.stats,
      () =>
        sql`SELECT ((date - 345600000) / 604800000) AS bucket, avg(handling_duration / 3600000) AS h FROM alert WHERE organisation_id = ${orgId} GROUP BY 1`.execute(
          db,
        ),
      1,
    );
    add({
      scenario: 'stats: avg handling hours per week p95',
      value: statsWeek.p95,
      unit: 'ms',
      p50: statsWeek.p50,
      target: { goal: 300, kind: 'max' },
      baseline: statsWeekBase.p95,
      baselineNote: 'one GROUP BY week statement with avg',
      note: 'POST /api/alert/_stats time 1w on date × avg handlingDurationInHours (computed field)',
    });
    const caseStats = {
      query: {},
      stats: [
        { _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] },
        { _agg: 'time', _fields: ['startDate'], _interval: '1M', _select: [{ _agg: 'count' }] },
        { _agg: 'count' },
      ],
    };
    const statsCase = await measure(N.stats, () => api.call('POST', '/api/case/_stats', caseStats), 1);
    const statsCaseBase = await measure(
      N.stats,
      async () => {
        await sql`SELECT status, count(*) FROM "case" WHERE organisation_id = ${orgId} GROUP BY status`.execute(
          db,
        );
        await sql`SELECT start_date / 2592000000, count(*) FROM "case" WHERE organisation_id = ${orgId} GROUP BY 1`.execute(
          db,
        );
        await sql`SELECT count(*) FROM "case" WHERE organisation_id = ${orgId}`.execute(db);
      },
      1,
    );
    add({
      scenario: 'stats: cases by status, per month p95',
      value: statsCase.p95,
      unit: 'ms',
      p50: statsCase.p50,
      target: { goal: 300, kind: 'max' },
      baseline: statsCaseBase.p95,
      baselineNote: 'three GROUP BY statements',
      note: `POST /api/case/_stats field status + time 1M + count over ${loaded.cases} cases`,
    });

    // 7. Similar cases of alerts with 20 observables.
    add(await similarCases(api, db, orgId, loaded, { baseline: true }));

    // 8. Stream latency: a long poll (GET /api/v1/stream/{id}) waits at the server; an alert's
    // title is changed through the API (PATCH /api/v1/alert/{id}); the figure is the time from just
    // before the PATCH is sent to the moment the poll answers with that change. Titles are unique per
    // run, so a rerun on a kept data set still changes something. No baseline: nothing outside the
    // server does the same.
    const streamId = String((await api.call('POST', '/api/v1/stream')).json);
    const target = `~${loaded.probeAlertIds[0]}`;
    const answerWith = async (title: string): Promise<number> => {
      for (;;) {
        const r = await api.call('GET', `/api/v1/stream/${streamId}`);
        const at = performance.now();
        const events = r.json as Array<{ base: { objectId: string; details: { title?: string } } }>;
        if (events.some((e) => e.base.objectId === target && e.base.details.title === title)) return at;
      }
    };
    const latencies: number[] = [];
    const STREAM_WARMUP = 3;
    for (let i = 0; i < N.stream + STREAM_WARMUP; i++) {
      const title = `Stream probe ${Date.now()}-${i}`;
      const answered = answerWith(title);
      await new Promise((r) => setTimeout(r, 20)); // the poll reaches the server and waits
      const sent = performance.now();
      await api.call('PATCH', `/api/v1/alert/${target}`, { title });
      const at = await answered;
      if (i >= STREAM_WARMUP) latencies.push(at - sent);
    }
    latencies.sort((a, b) => a - b);
    const ms = (x: number) => Math.round(x * 100) / 100;
    add({
      scenario: 'stream latency p95',
      value: ms(percentile(latencies, 95)),
      unit: 'ms',
      p50: ms(percentile(latencies, 50)),
      target: { goal: 50, kind: 'max' },
      baselineNote: '—',
      note: `${N.stream} alert title changes (PATCH /api/v1/alert/{id}) while a long poll waits on /api/v1/stream/{id}: from just before the PATCH is sent to the poll's answer with the change`,
    });

    // 9. Notifications: AlertCreated → Webhook to a receiver in this process.
    const notifier = 'notifier@bench.local';
    const adminApi = new Api(server.url, adminAuth);
    // A kept data set may or may not have it (a --load-only run stops before this scenario).
    const exists = await adminApi.call('GET', `/api/v1/user/${notifier}`).then(
      () => true,
      () => false,
    );
    if (!exists)
      await adminApi.call('POST', '/api/v1/user', {
        login: notifier,
        name: 'Bench org-admin',
        profile: 'org-admin',
        organisation: 'bench',
      });
    const notifierKey = String((await adminApi.call('POST', `/api/v1/user/${notifier}/key/renew`)).json);
    const orgAdminApi = new Api(server.url, `Bearer ${notifierKey}`);
    const notify = await notificationScenario({
      orgAdmin: (m, r, b) => orgAdminApi.call(m, r, b),
      analyst: (m, r, b) => api.call(m, r, b),
      count: N.notifications,
      prefix: `notify-${Date.now().toString(36)}`,
    });
    add({
      scenario: 'notifications delivered/s',
      value: notify.perSecond,
      unit: '/s',
      higherIsBetter: true,
      note: `${notify.count} alerts posted (10 at a time) with "AlertCreated → Webhook" on: from the first post to the last webhook received`,
    });
    add({
      scenario: 'notification lag p95',
      value: notify.lagP95,
      unit: 'ms',
      p50: notify.lagP50,
      target: { goal: 1000, kind: 'max' },
      note: `from the event's commit (its startDate, stamped in the writing transaction) to the receiver; ${notify.retried} deliveries needed more than one attempt${notify.errors.length > 0 ? ` (${notify.errors.join('; ')})` : ''}`,
    });

    // The SQL baselines are done: from here on the server is the database's only user, as in
    // production (on SQLite the harness's own storage ran a second checkpointer on the same WAL).
    await closeBenchStorage();

    // 10. HTTP ingestion with 5 observables, 50 connections, with RSS sampled meanwhile.
    const idleRss = rssMb(server.child.pid!);
    const runStamp = Date.now().toString(36);
    const ingestArgs = (url: string, route: string, prefix: string, duration: number, withKey: boolean) => [
      '--url',
      url,
      '--path',
      route,
      ...(withKey ? [`--key=${key}`] : []),
      '--connections',
      '50',
      '--duration',
      String(duration),
      '--prefix',
      // unique per run: a reused data set keeps the alerts of earlier runs (deduplicated by sourceRef)
      `${prefix}-${runStamp}`,
    ];
    const client = path.join(ROOT, 'bench/dist/ingest-client.js');
    await runJson(client, ingestArgs(server.url, '/api/v1/alert', 'warm', 2, true));
    let peakRss = 0;
    const pid = server.child.pid!;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(pid) ?? 0);
    }, 200);
    const ingest = await runJson<IngestFigures>(
      client,
      ingestArgs(server.url, '/api/v1/alert', 'run', N.ingestSeconds, true),
    );
    clearInterval(sampler);
    // 11. Issue 20's write scenarios: 20 observables, duplicates, reads while ingesting, a burst.
    for (const r of await writeScenarios(writeOptions('write'))) add(r);
    await server.stop();
    server = undefined;

    const port = await freePort();
    const baselineServer = await startProcess(
      path.join(ROOT, 'bench/dist/baseline-server.js'),
      [
        '--port',
        String(port),
        ...(where.databaseUrl ? ['--database-url', where.databaseUrl] : ['--data-dir', dataDir]),
        '--organisation',
        String(orgId),
      ],
      {},
      port,
    );
    await runJson(client, ingestArgs(baselineServer.url, '/alert', 'base-warm', 2, false));
    const base = await runJson<IngestFigures>(
      client,
      ingestArgs(baselineServer.url, '/alert', 'base', N.ingestSeconds, false),
    );
    await baselineServer.stop();
    for (const [who, run] of [
      ['Propolis', ingest],
      ['the baseline', base],
    ] as const) {
      // a run whose requests failed measured nothing: say so instead of printing a figure
      if (run.ok === 0 || run.non2xx > run.ok / 100 || run.errors > run.ok / 100)
        throw new Error(
          `ingestion against ${who} failed: ${run.ok} accepted, ${run.non2xx} non-2xx, ${run.errors} errors`,
        );
    }
    add({
      scenario: 'ingestion alerts/s',
      value: Math.round(ingest.perSecond),
      unit: '/s',
      // issue 20's targets: SQLite ≥ 1,800/s and ≥ 0.6 of the baseline, PostgreSQL ≥ 1,000/s and ≥ 0.4
      target: { goal: kind === 'sqlite' ? 1800 : 1000, kind: 'min' },
      baseline: Math.round(base.perSecond),
      baselineNote: 'bare Fastify route, one INSERT per request into the same alert table',
      higherIsBetter: true,
      note: `POST /api/v1/alert with 5 observables, 50 keep-alive connections, ${N.ingestSeconds} s; p50 ${ingest.p50} ms, p99 ${ingest.p99} ms, non-2xx ${ingest.non2xx}, errors ${ingest.errors}; baseline p50 ${base.p50} ms, p99 ${base.p99} ms`,
      extra: { propolis: ingest, baseline: base },
    });
    add({
      scenario: 'ingestion ratio to baseline',
      value: Math.round((ingest.perSecond / base.perSecond) * 100) / 100,
      unit: '×',
      target: { goal: kind === 'sqlite' ? 0.6 : 0.4, kind: 'min' },
      note: 'Propolis alerts/s divided by the bare route inserts/s',
    });
    add({
      scenario: 'ingestion latency p99',
      value: ingest.p99,
      unit: 'ms',
      p50: ingest.p50,
      baseline: base.p99,
      baselineNote: 'bare route p99',
      note: 'autocannon latency under 50 connections',
    });
    add({
      scenario: 'server RSS under load',
      value: Math.round(peakRss),
      unit: 'MB',
      target: { goal: 300, kind: 'max' },
      note: `peak VmRSS of the server process during ingestion (idle after the read scenarios: ${Math.round(idleRss ?? 0)} MB)`,
    });

    const report = {
      date: new Date().toISOString(),
      db: kind,
      mode: FULL ? 'full' : 'quick',
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.type()} ${os.release()}`,
      },
      dataset: {
        ...SIZE,
        seed: Number(args.seed),
        loaded: { ...loaded, probeAlertIds: loaded.probeAlertIds.length },
      },
      results: results.map((r) => ({ ...r, ...evaluate(r) })),
    };
    const dir = path.join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${report.date.slice(0, 10)}-${kind}${FULL ? '-full' : ''}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    printTable(
      `${kind} — ${report.mode} mode (${loaded.alerts} alerts, ${loaded.cases} cases, ${loaded.observables} observables)`,
      results,
    );
    log(`  written ${path.relative(ROOT, file)}`);
  } catch (error) {
    if (server) log(`  the run failed; the server: ${server.diagnostics()}`);
    throw error;
  } finally {
    await server?.stop();
    await storage?.close();
    if (!args.keep && !REUSE) {
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    } else log(`  kept the data set: ${where.databaseUrl ?? dataDir}`);
  }
}

/**
 * Scenario 7: similar cases of alerts with 20 observables (GET /api/v1/alert/{id}?extraData=similarCases
 * on 50 probe alerts, each asked for N.similarity / 50 times), and its baseline (two statements per
 * probe in the harness) when `baseline` is set.
 */
async function similarCases(
  api: Api,
  db: Storage['db'],
  orgId: number,
  loaded: Loaded,
  { baseline }: { baseline: boolean },
): Promise<Result> {
  const probes = loaded.probeAlertIds.slice(0, 50);
  // A server answers similar cases all day: the figure is one that has answered them before (once
  // each for 50 other alerts with 20 observables), on alerts it has not answered yet, so that each
  // probe's first answer still reads its values' index pages from wherever they are (the OS cache
  // drops pages idle for a minute). A process's first answers are slower (its code not yet optimised,
  // PostgreSQL's new connections, its case caches empty): those of the warm-up are in the note.
  const others = loaded.probeAlertIds.slice(50, 100);
  const young =
    others.length > 0
      ? await measure(
          others.length,
          (i) => api.call('GET', `/api/v1/alert/~${others[i]}?extraData=similarCases`),
          0,
        )
      : undefined;
  let similarCount = 0;
  const similarity = await measure(N.similarity, async (i) => {
    const r = await api.call('GET', `/api/v1/alert/~${probes[i % probes.length]}?extraData=similarCases`);
    similarCount += ((r.json as { extraData?: { similarCases?: unknown[] } }).extraData?.similarCases ?? [])
      .length;
  });
  const similarityBase = baseline
    ? await measure(N.similarity, async (i) => {
        const keys = await db
          .selectFrom('observable')
          .select(['data_type', 'data_key'])
          .where('organisation_id', '=', orgId)
          .where('alert_id', '=', probes[i % probes.length]!)
          .execute();
        await db
          .selectFrom('observable')
          .select(['case_id', (eb) => eb.fn.countAll().as('n')])
          .where('organisation_id', '=', orgId)
          .where(
            'data_key',
            'in',
            keys.map((k) => k.data_key),
          )
          .where('case_id', 'is not', null)
          .where('ignore_similarity', '=', 0)
          .groupBy('case_id')
          .execute();
      })
    : undefined;
  return {
    scenario: 'similar cases p95',
    value: similarity.p95,
    unit: 'ms',
    p50: similarity.p50,
    target: { goal: 10, kind: 'max' },
    baseline: similarityBase?.p95,
    baselineNote: "the alert's keys, then matching case observables grouped by case (two statements)",
    note: `GET /api/v1/alert/{id}?extraData=similarCases on ${probes.length} alerts with 20 observables, ${N.similarity} answers (${(similarCount / (N.similarity + 3)).toFixed(0)} similar cases on average), ${young ? `after ${young.n} answers on other alerts (the process's first: p50 ${young.p50.toFixed(2)} ms, p95 ${young.p95.toFixed(2)} ms)` : 'no other alert to answer first (fewer than 51 alerts with 20 observables)'}`,
  };
}

/** The figures of a scenario run alone (--scenario), with their notes: no results file is written. */
function printAlone(kind: string, results: Result[]): void {
  printTable(`${kind} — ${args.scenario} alone`, results);
  for (const r of results) if (r.note) log(`  ${r.scenario}: ${r.note}`);
}

interface IngestFigures {
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function evaluate(r: Result): { pass?: boolean; ratio?: number } {
  const out: { pass?: boolean; ratio?: number } = {};
  if (r.target && typeof r.value === 'number')
    out.pass = r.target.kind === 'max' ? r.value <= r.target.goal : r.value >= r.target.goal;
  if (r.baseline !== undefined && typeof r.value === 'number' && r.baseline > 0)
    out.ratio = Math.round((r.value / r.baseline) * 100) / 100;
  return out;
}

const pgUrl = args.pg ?? process.env.DATABASE_URL;
const only = args.only === 'postgres' ? 'pg' : args.only;
if (only !== undefined && only !== 'sqlite' && only !== 'pg') {
  console.error(`--only: sqlite or pg (postgres), got "${args.only}"`);
  process.exit(2);
}
if (only === 'pg' && !pgUrl && !REUSE) {
  console.error('--only pg: give the database with --pg URL or DATABASE_URL (scripts/pg-up.sh starts one)');
  process.exit(2);
}
const suites: Array<'sqlite' | 'postgres'> = [];
if (REUSE) suites.push(REUSE.kind);
else {
  if (only !== 'pg') suites.push('sqlite');
  if (pgUrl && only !== 'sqlite') suites.push('postgres');
}
const started = performance.now();
for (const s of suites) await runSuite(s, pgUrl);
log(`\nbenchmark finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
