/**
 * The web UI's speed in a real Chromium (Debian's, driven by playwright-core; nothing downloaded):
 * `propolis serve` on a seeded data set (generate.ts, SQLite), the analyst signed in through the login
 * form, then each figure is taken twice in the same run: on the empty database first (the baseline:
 * the same page with nothing to show), then on the loaded one. The list's own API call is timed too,
 * so the page's cost over the raw answer shows.
 *
 *   npm run bench:web                       100k alerts, 10k cases
 *   npm run bench:web -- --alerts 1000000   the full figure (1M alerts, 100k cases)
 *   options: --cases N, --seed N, --runs N (repetitions of each page figure, default 5)
 *   --only dashboard: the dashboard figure alone; --only case: the case figures alone (no bulk close);
 *   --web DIR: serve that built UI instead of
 *   packages/web/dist (to compare two builds on one data set, back to back)
 *   --keep: keep the loaded data set (its folder is printed); --load-only: load it, keep it, stop;
 *   --reuse DIR: measure on a kept data set (the empty-database baseline is then a fresh folder)
 *
 * Figures: first rows of the alert list (navigation start to the first row in the page; and from the
 * app already loaded, the main navigation's Alerts link to the first row), a quick
 * filter to its rows, scrolling through 10,000 rows (frame times while scrolling, then the time to
 * fill the rows under the last position), opening an alert preview (Enter to its heading), and a
 * dashboard with a stacked bar (alerts per day by status) and a counter (navigation to both drawn);
 * a case with 500 observables opened (navigation to its observables drawn, and its Observables tab
 * clicked on the case's page already shown; the baseline: a case with one), and 1,000 alerts closed
 * by one bulk action (selected in the list, set to a closing status in
 * the status dialog: Apply to the UI saying them done; loaded data set only). Both are seeded through
 * the API after the data set is loaded, and depend on it little: one case's observables, and the
 * 1,000 alerts the bulk route writes.
 * Writes bench/results/<date>-web-<alerts>.json. Not a test: nothing fails on a slow figure.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { openStorage } from '../../packages/server/dist/db/database.js';
import { foldAlertRollup } from '../../packages/server/dist/db/repositories/alert-rollup.js';
import { chromiumPath, launchChromium } from '../../packages/web/scripts/chromium.mjs';
import { ALERTS_PER_DAY_ROW } from '../../packages/web/scripts/daily-board.mjs';
import { Api, createBenchAnalyst } from './api-call.js';
import { generate } from './generate.js';
import { ROOT, type Running, startPropolis } from './processes.js';

const { values: args } = parseArgs({
  options: {
    alerts: { type: 'string', default: '100000' },
    cases: { type: 'string' },
    seed: { type: 'string', default: '20250101' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    reuse: { type: 'string' },
    only: { type: 'string' },
    web: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'dashboard' && args.only !== 'case')
  throw new Error('--only takes "dashboard" or "case"');
const ONLY_DASHBOARD = args.only === 'dashboard';
const ONLY_CASE = args.only === 'case';
/** What a kept data set records, for --reuse. */
interface Kept {
  dashboardId: string;
  loaded: { alerts: number; cases: number; observables: number; seconds: number };
}
const MANIFEST = 'web-dataset.json';
const ALERTS = Number(args.alerts);
const CASES = Number(args.cases ?? Math.round(ALERTS / 10));
const RUNS = Math.max(1, Number(args.runs));
const SCROLL_ROWS = 10_000;
/** A case with this many observables is opened; this many alerts are closed by one bulk action. */
const CASE_OBSERVABLES = 500;
const BULK_ALERTS = 1_000;
const ADMIN_PASSWORD = 'bench-admin-password-1';
const ANALYST = 'analyst@bench.local';
const PASSWORD = 'bench-analyst-password-1';
const WEB_DIR = path.resolve(args.web ?? path.join(ROOT, 'packages/web/dist'));
const CHROMIUM = chromiumPath();
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Stats {
  p50: number;
  p95: number;
  max: number;
  n: number;
}
const round = (x: number) => Math.round(x * 10) / 10;
function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
  return { p50: round(at(50)), p95: round(at(95)), max: round(s.at(-1) ?? 0), n: s.length };
}

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

/** The alert list's first page as the UI asks for it (newest first, with the total). */
const LIST_QUERY = {
  query: [
    { _name: 'listAlert' },
    { _name: 'sort', _fields: [{ date: 'desc' }] },
    { _name: 'page', from: 0, to: 100, extraData: ['total'] },
  ],
};

const ROW = '[data-testid^="alert-row-"]';

/** Polls an expression in the page until it is truthy (the page's CSP forbids waitForFunction's eval). */
async function waitInPage(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/alerts`);
  await page.getByLabel('Login').fill(ANALYST);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Navigation start to the first row (or the empty list's total) in the page, in ms. */
async function firstRows(page: Page, url: string, empty: boolean): Promise<number> {
  await page.goto(`${url}/alerts`);
  if (empty) await page.getByTestId('alert-total').filter({ hasText: '0 alerts' }).waitFor();
  else await page.locator(ROW).first().waitFor();
  return page.evaluate(() => performance.now());
}

/**
 * The app already loaded (on the case list, a fresh document, so no list data is cached), the main
 * navigation's Alerts link to the first row (or the empty list's total), in ms: what an analyst
 * waits for when moving to the alert list during the day.
 */
async function inAppRows(page: Page, url: string, empty: boolean): Promise<number> {
  await page.goto(`${url}/cases`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByTestId('case-total').waitFor();
  const t = performance.now();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  if (empty) await page.getByTestId('alert-total').filter({ hasText: '0 alerts' }).waitFor();
  else await page.locator(ROW).first().waitFor();
  return performance.now() - t;
}

/**
 * A quick view button to its rows in the page: the click to the list's answer, then the next frame
 * (the rows drawn from it), in ms. (Past the server's counting threshold both totals read "1000+",
 * and the first row may be the same alert, so the answer is what is waited for.)
 */
async function filterChange(page: Page): Promise<number> {
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/v1/query') && r.request().method() === 'POST',
  );
  const t = performance.now();
  await page.getByRole('button', { name: 'New & unassigned' }).click();
  await answered;
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))');
  return performance.now() - t;
}

/**
 * Scrolls the list to row 10,000 by a 300th of the way per animation frame (more frames when the
 * list has to grow first); the frame times, and the time to fill the rows under the last position.
 */
async function scroll(page: Page): Promise<{ frames: Stats; fillMs: number; rows: number }> {
  // in the page (a string: the bench is compiled without the DOM's types)
  const { frames, target } = (await page.evaluate(`(async (rows) => {
    const list = document.querySelector('[data-testid="alert-list"]');
    const row = list.querySelector('[role="row"][aria-rowindex]')?.offsetHeight || 32;
    // past the server's counting threshold the list grows as its pages fill: the goal stays put
    const target = rows * row;
    const step = target / 300;
    const started = performance.now();
    const times = [];
    let last = started;
    let stalled = 0;
    await new Promise((done) => {
      const tick = (now) => {
        times.push(now - last);
        last = now;
        const before = list.scrollTop;
        list.scrollTop = Math.min(target, list.scrollTop + step);
        stalled = list.scrollTop === before ? stalled + 1 : 0;
        if (list.scrollTop >= target - 1 || stalled > 120 || now - started > 120000) done();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    return { frames: times.slice(1), target: Math.round(list.scrollTop / row) };
  })(${SCROLL_ROWS})`)) as { frames: number[]; target: number };
  const t = performance.now();
  // the rows under the last position are filled (their page read) when one of them has an id
  await waitInPage(
    page,
    `(() => {
    const list = document.querySelector('[data-testid="alert-list"]');
    if (!list) return false;
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid^="alert-row-"]')].some((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > box.top + 40 && r.top < box.bottom;
    });
  })()`,
  );
  return { frames: stats(frames), fillMs: round(performance.now() - t), rows: target };
}

/** Enter on the first row to the preview's heading, in ms. */
async function openPreview(page: Page): Promise<number> {
  await page.locator(ROW).first().click();
  const t = performance.now();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Alert preview' }).getByRole('heading', { level: 2 }).waitFor();
  const ms = performance.now() - t;
  await page.keyboard.press('Escape');
  return ms;
}

/** The bar widget's aggregation as the dashboard asks for it (alerts per day by status, all time). */
const PER_DAY_QUERY = {
  query: [
    { _name: 'listAlert' },
    {
      _name: 'aggregation',
      _agg: 'time',
      _fields: ['date'],
      _interval: '1d',
      _select: [{ _agg: 'field', _field: 'status', _select: [{ _agg: 'count' }] }],
    },
  ],
};

/** Navigation start to both widgets drawn (totals shown, the bar's canvas in the page), in ms. */
/**
 * Navigation start to both widgets drawn (totals shown, the bar's canvas in the page), in ms; and
 * the CPU time the page's main thread spent by then (Chromium's thread ticks, which its Performance
 * domain counts from the new document's start: what the page costs, whatever else the machine runs).
 */
async function dashboard(page: Page, cdp: CDPSession, url: string, id: string): Promise<[number, number]> {
  await page.goto(`${url}/dashboards/${id}`);
  await page.getByRole('region', { name: 'Widget Alerts per day' }).locator('canvas').first().waitFor();
  await page.getByRole('region', { name: 'Widget All alerts' }).getByTestId('widget-total').waitFor();
  return [await page.evaluate(() => performance.now()), await threadMs(cdp)];
}

/** What the case and bulk figures act on, seeded through the API. */
interface Seeded {
  /** The number of a case with `observables` observables. */
  caseNumber: number;
  observables: number;
  /** The source of BULK_ALERTS new alerts to close (loaded data set only). */
  bulkSource?: string;
}

/** A case with `count` observables (domain names, one request), through the API. */
async function seedCase(api: Api, count: number): Promise<Seeded> {
  const created = (
    await api.call('POST', '/api/v1/case', {
      title: `Bench case: ${count} observables`,
      description: 'bench',
    })
  ).json as { _id: string; number: number };
  await api.call('POST', `/api/v1/case/${created._id}/observable`, {
    dataType: 'domain',
    data: Array.from({ length: count }, (_, i) => `host-${i}.bench.example`),
  });
  return { caseNumber: created.number, observables: count };
}

/** BULK_ALERTS new alerts of one new source, through the API, 8 requests at a time; answers the source. */
async function seedBulkAlerts(api: Api): Promise<string> {
  const source = `bench-bulk-${Date.now()}`;
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < BULK_ALERTS; n = next++)
      await api.call('POST', '/api/v1/alert', {
        type: 'bench',
        source,
        sourceRef: `bulk-${n}`,
        title: `Bulk close ${n}`,
        description: 'bench',
      });
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return source;
}

/**
 * Navigation start to the case's observables drawn (its last row in the page), in ms; and the page's
 * main-thread CPU time by then (as for the dashboard).
 */
async function openCase(page: Page, cdp: CDPSession, url: string, seeded: Seeded): Promise<[number, number]> {
  await page.goto(`${url}/cases/${seeded.caseNumber}?tab=observables`);
  await page
    .getByTestId('observable-table')
    .locator('tbody tr')
    .nth(seeded.observables - 1)
    .waitFor();
  return [await page.evaluate(() => performance.now()), await threadMs(cdp)];
}

/** The CPU time the page's main thread has spent since its document started, in ms. */
async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
}

/**
 * The case's page already shown (its General tab, a fresh document), the Observables tab to its
 * observables drawn, in ms: the observables' own cost, without the page load.
 */
async function caseTab(page: Page, url: string, seeded: Seeded): Promise<number> {
  await page.goto(`${url}/cases/${seeded.caseNumber}`);
  const tab = page.getByRole('tab', { name: 'Observables' });
  await tab.waitFor();
  const t = performance.now();
  await tab.click();
  await page
    .getByTestId('observable-table')
    .locator('tbody tr')
    .nth(seeded.observables - 1)
    .waitFor();
  return performance.now() - t;
}

/**
 * The BULK_ALERTS alerts of `source` (the list filtered to them) selected with "A" in a viewport tall
 * enough for their pages to load, then, the viewport back to its size, the status dialog's Apply
 * (closing as FalsePositive) to the UI saying them done (its notice), in ms; and the alerts of that
 * source the server then holds with that status.
 */
async function bulkClose(page: Page, api: Api, url: string, source: string): Promise<[number, number]> {
  const f = JSON.stringify([[{ field: 'source', op: 'is', value: source }]]);
  await page.goto(`${url}/alerts?f=${encodeURIComponent(f)}`);
  await page.locator(ROW).first().waitFor();
  const row = (await page.evaluate(`document.querySelector('${ROW}').offsetHeight`)) as number;
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: BULK_ALERTS * row + 400 });
  await waitInPage(page, `document.querySelectorAll('${ROW}').length >= ${BULK_ALERTS}`);
  await page.keyboard.press('Shift+A');
  await page
    .getByTestId('selection-bar')
    .filter({ hasText: `${BULK_ALERTS} selected` })
    .waitFor();
  await page.setViewportSize(viewport);
  await page.getByRole('button', { name: 'Close / status…' }).click();
  const dialog = page.getByRole('dialog', { name: `Set the status of ${BULK_ALERTS} alert(s)` });
  await dialog.getByLabel('6. Ignored').waitFor();
  await dialog.getByLabel('4. FalsePositive').check();
  const t = performance.now();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await page.getByText(`Set status FalsePositive: ${BULK_ALERTS} alert(s) done`).waitFor();
  const ms = performance.now() - t;
  const closed = await api.call('POST', '/api/v1/query?name=bench-bulk-check', {
    query: [
      { _name: 'listAlert' },
      {
        _name: 'filter',
        _and: [
          { _eq: { _field: 'source', _value: source } },
          { _eq: { _field: 'status', _value: 'FalsePositive' } },
        ],
      },
      { _name: 'count' },
    ],
  });
  return [ms, Number(closed.json)];
}

interface Figures {
  firstRowsMs?: Stats;
  inAppRowsMs?: Stats;
  filterMs?: Stats;
  previewMs?: Stats;
  scroll?: { frames: Stats; fillMs: number; rows: number };
  dashboardMs: Stats;
  /** The page's main-thread CPU time by then. */
  dashboardCpuMs: Stats;
  /** The bar widget's aggregation alone (API call), and the buckets × series it answers. */
  apiPerDayMs: Stats;
  perDayBuckets: number;
  perDaySeries: number;
  apiListMs?: Stats;
  total?: string | null;
  /** The case with `caseObservables` observables opened. */
  caseMs?: Stats;
  /** The page's main-thread CPU time by then. */
  caseCpuMs?: Stats;
  /** Its Observables tab clicked on the case's page already shown. */
  caseTabMs?: Stats;
  caseObservables?: number;
  /** BULK_ALERTS alerts closed by one bulk action (one run), and how many the server then held closed. */
  bulkCloseMs?: number;
  bulkClosed?: number;
}

async function measurePages(
  browser: Browser,
  url: string,
  dashboardId: string,
  empty: boolean,
  seeded: Seeded,
): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  try {
    await signIn(page, url);
    const api = new Api(url, basic(ANALYST, PASSWORD));
    const timed = async (name: string, body: unknown): Promise<{ ms: number[]; answer: unknown }> => {
      const ms: number[] = [];
      let answer: unknown;
      for (let i = 0; i < RUNS + 1; i++) {
        const t = performance.now();
        answer = (await api.call('POST', `/api/v1/query?name=${name}`, body)).json;
        if (i > 0) ms.push(performance.now() - t);
      }
      return { ms, answer };
    };
    const perDay = ONLY_CASE ? { ms: [], answer: {} } : await timed('bench-per-day', PER_DAY_QUERY);
    const buckets = Object.values((perDay.answer ?? {}) as Record<string, { date?: object }>);
    const statuses = new Set(buckets.flatMap((b) => Object.keys(b.date ?? {})).filter((k) => k !== 'count'));
    const out: Figures = {
      dashboardMs: stats([]),
      dashboardCpuMs: stats([]),
      apiPerDayMs: stats(perDay.ms),
      perDayBuckets: buckets.length,
      perDaySeries: statuses.size,
    };
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (!ONLY_DASHBOARD && !ONLY_CASE) {
      const list = await timed('bench-list', LIST_QUERY);
      const first: number[] = [];
      const filter: number[] = [];
      const preview: number[] = [];
      const inApp: number[] = [];
      // one warm-up load (the browser's cache of the hashed chunks, the server's caches), then the runs
      await firstRows(page, url, empty);
      for (let i = 0; i < RUNS; i++) {
        first.push(await firstRows(page, url, empty));
        inApp.push(await inAppRows(page, url, empty));
        await firstRows(page, url, empty);
        filter.push(await filterChange(page));
        if (!empty) {
          await page.getByRole('button', { name: 'All', exact: true }).click();
          await page.locator(ROW).first().waitFor();
          preview.push(await openPreview(page));
        }
      }
      out.total = await page.getByTestId('alert-total').textContent();
      if (!empty) {
        await firstRows(page, url, empty);
        try {
          out.scroll = await scroll(page);
        } catch (error) {
          log(`  scrolling failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      Object.assign(out, {
        firstRowsMs: stats(first),
        inAppRowsMs: stats(inApp),
        filterMs: stats(filter),
        previewMs: empty ? undefined : stats(preview),
        apiListMs: stats(list.ms),
      });
    }
    if (!ONLY_DASHBOARD) {
      const opened: [number, number][] = [];
      const tabs: number[] = [];
      await openCase(page, cdp, url, seeded);
      for (let i = 0; i < RUNS; i++) {
        opened.push(await openCase(page, cdp, url, seeded));
        tabs.push(await caseTab(page, url, seeded));
      }
      out.caseMs = stats(opened.map(([ms]) => ms));
      out.caseCpuMs = stats(opened.map(([, cpu]) => cpu));
      out.caseTabMs = stats(tabs);
      out.caseObservables = seeded.observables;
      if (seeded.bulkSource)
        [out.bulkCloseMs, out.bulkClosed] = await bulkClose(page, api, url, seeded.bulkSource);
    }
    if (ONLY_CASE) return out;
    const board: [number, number][] = [];
    await dashboard(page, cdp, url, dashboardId);
    for (let i = 0; i < RUNS; i++) board.push(await dashboard(page, cdp, url, dashboardId));
    out.dashboardMs = stats(board.map(([ms]) => ms));
    out.dashboardCpuMs = stats(board.map(([, cpu]) => cpu));
    return out;
  } finally {
    await context.close();
  }
}

const DASHBOARD = {
  title: 'Bench overview',
  status: 'Private',
  definition: {
    period: 'all',
    items: [
      ALERTS_PER_DAY_ROW,
      {
        type: 'container',
        items: [{ id: 'count', type: 'counter', options: { title: 'All alerts', entity: 'alert' } }],
      },
    ],
  },
};

async function main() {
  if (!CHROMIUM) throw new Error('bench:web needs Chromium (apt-get install chromium)');
  if (!existsSync(path.join(WEB_DIR, 'index.html')))
    throw new Error(`no built UI in ${WEB_DIR}: npm run build`);
  const env = { PROPOLIS_WEB_DIR: WEB_DIR };
  const load = os.loadavg().map((l) => l.toFixed(2));
  const reuse = args.reuse
    ? (JSON.parse(readFileSync(path.join(args.reuse, MANIFEST), 'utf8')) as Kept)
    : undefined;
  log(
    `=== web UI: ${reuse?.loaded.alerts ?? ALERTS} alerts, ${reuse?.loaded.cases ?? CASES} cases, SQLite; load average ${load.join(' ')} on ${os.cpus().length} cores ===`,
  );
  const emptyDir = await mkdtemp(path.join(os.tmpdir(), 'propolis-bench-web-'));
  const dataDir = args.reuse ?? emptyDir;
  let server: Running | undefined;
  let baseline: Figures | undefined;
  const browser = args['load-only'] ? undefined : await launchChromium(CHROMIUM);
  try {
    server = await startPropolis({ dataDir: emptyDir }, ADMIN_PASSWORD, env);
    const dashboardId = await prepare(server.url);
    if (browser) {
      log('  baseline: the same pages on the empty database...');
      const oneObservable = await seedCase(new Api(server.url, basic(ANALYST, PASSWORD)), 1);
      baseline = await measurePages(browser, server.url, dashboardId, true, oneObservable);
    }
    await server.stop();
    server = undefined;

    let loaded: Kept['loaded'];
    if (reuse) {
      loaded = reuse.loaded;
    } else {
      log('  loading the data set...');
      const storage = openStorage({ dataDir });
      const org = await storage.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'bench')
        .executeTakeFirstOrThrow();
      loaded = await generate(
        storage,
        org.id,
        ANALYST,
        { alerts: ALERTS, cases: CASES },
        { seed: Number(args.seed), log },
      );
      await foldAlertRollup(storage.db, storage.dialect);
      await storage.close();
      log(
        `  loaded ${loaded.alerts} alerts, ${loaded.cases} cases, ${loaded.observables} observables in ${loaded.seconds.toFixed(1)} s`,
      );
      if (args.keep || args['load-only']) {
        const kept: Kept = { dashboardId, loaded };
        writeFileSync(path.join(dataDir, MANIFEST), `${JSON.stringify(kept, null, 2)}\n`);
        log(`  kept the data set: ${dataDir} (npm run bench:web -- --reuse ${dataDir})`);
      }
    }
    if (!browser || !baseline) return;

    server = await startPropolis({ dataDir }, ADMIN_PASSWORD, env);
    let seeded: Seeded = { caseNumber: 0, observables: 0 };
    if (!ONLY_DASHBOARD) {
      log(`  seeding a case with ${CASE_OBSERVABLES} observables and ${BULK_ALERTS} alerts to close...`);
      const analyst = new Api(server.url, basic(ANALYST, PASSWORD));
      seeded = await seedCase(analyst, CASE_OBSERVABLES);
      if (!ONLY_CASE) seeded.bulkSource = await seedBulkAlerts(analyst);
    }
    log('  measuring on the loaded data set...');
    const figures = await measurePages(browser, server.url, reuse?.dashboardId ?? dashboardId, false, seeded);

    const opt = (x: Stats | undefined) => (x ? fmt(x) : '-');
    const lines: [string, string, string][] = [
      [
        'first rows of the alert list (ms since navigation, p50 / p95)',
        opt(figures.firstRowsMs),
        opt(baseline.firstRowsMs),
      ],
      [
        'first rows of the alert list from the app (Alerts link, ms, p50 / p95)',
        opt(figures.inAppRowsMs),
        opt(baseline.inAppRowsMs),
      ],
      ['the list API call alone (ms, p50 / p95)', opt(figures.apiListMs), opt(baseline.apiListMs)],
      ['quick filter to its rows (ms)', opt(figures.filterMs), opt(baseline.filterMs)],
      [
        `scroll through ${figures.scroll?.rows ?? 0} rows: frame time (ms)`,
        figures.scroll
          ? `${fmt(figures.scroll.frames)} max ${figures.scroll.frames.max} (${figures.scroll.frames.n} frames)`
          : '-',
        '-',
      ],
      ['  then rows under the last position filled (ms)', String(figures.scroll?.fillMs ?? '-'), '-'],
      ['open an alert preview (Enter to heading, ms)', opt(figures.previewMs), '-'],
      [
        `open a case: ${figures.caseObservables ?? '-'} observables drawn (ms since navigation; baseline: ${baseline.caseObservables ?? '-'})`,
        opt(figures.caseMs),
        opt(baseline.caseMs),
      ],
      ["  the page's main-thread CPU time by then (ms)", opt(figures.caseCpuMs), opt(baseline.caseCpuMs)],
      [
        "  the case's page shown, its Observables tab to them drawn (ms)",
        opt(figures.caseTabMs),
        opt(baseline.caseTabMs),
      ],
      [
        `close ${BULK_ALERTS} alerts by one bulk action (Apply to done, ms, one run; ${figures.bulkClosed ?? '-'} closed)`,
        figures.bulkCloseMs === undefined ? '-' : String(round(figures.bulkCloseMs)),
        '-',
      ],
      [
        'dashboard drawn: bar by day × status + counter (ms since navigation)',
        fmt(figures.dashboardMs),
        fmt(baseline.dashboardMs),
      ],
      [
        "  the page's main-thread CPU time by then (ms)",
        fmt(figures.dashboardCpuMs),
        fmt(baseline.dashboardCpuMs),
      ],
      [
        `  its per-day aggregation alone (${figures.perDayBuckets} days × ${figures.perDaySeries} statuses, ms)`,
        fmt(figures.apiPerDayMs),
        fmt(baseline.apiPerDayMs),
      ],
    ];
    log(`\n${'figure'.padEnd(72)} ${'loaded'.padEnd(30)} empty database`);
    for (const [name, value, base] of lines)
      if (value !== '-' || base !== '-') log(`${name.padEnd(72)} ${value.padEnd(30)} ${base}`);
    if (!ONLY_DASHBOARD && !ONLY_CASE) log(`  list total shown: ${figures.total}`);

    const out = {
      date: new Date().toISOString(),
      node: process.version,
      cores: os.cpus().length,
      loadAverageAtStart: load,
      loadAverageAtEnd: os.loadavg().map((l) => l.toFixed(2)),
      dataset: { alerts: loaded.alerts, cases: loaded.cases, observables: loaded.observables },
      runs: RUNS,
      only: args.only,
      web: path.relative(ROOT, WEB_DIR),
      loaded: figures,
      emptyDatabase: baseline,
    };
    const dir = path.join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(
      dir,
      `${out.date.slice(0, 10)}-web-${loaded.alerts}${args.only ? `-${args.only}` : ''}${args.web ? `-${path.basename(WEB_DIR)}` : ''}.json`,
    );
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    log(`  written ${path.relative(ROOT, file)}`);
  } finally {
    await server?.stop();
    await browser?.close();
    // the empty database's folder goes, unless it became the kept data set
    if (dataDir !== emptyDir || !(args.keep || args['load-only']))
      await rm(emptyDir, { recursive: true, force: true });
  }
}

/** The organisation, the analyst and the dashboard, through the API, on an empty database. */
async function prepare(url: string): Promise<string> {
  await createBenchAnalyst(new Api(url, basic('admin@thehive.local', ADMIN_PASSWORD)), ANALYST, PASSWORD);
  const analyst = new Api(url, basic(ANALYST, PASSWORD));
  return ((await analyst.call('POST', '/api/v1/dashboard', DASHBOARD)).json as { _id: string })._id;
}

function fmt(s: Stats): string {
  return s.n ? `${s.p50} / ${s.p95}` : '-';
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
