/**
 * The write scenarios of issue 20, beside the main ingestion figure (run.ts): alerts with 20
 * observables; every alert posted twice under load (exactly one of each pair accepted); reads by
 * analysts while alerts stream in (their p95 against the same reads with no writes, measured just
 * before; paced analysts for the target, back-to-back ones for the read capacity); and a burst of alerts posted as fast as the server takes them (the time to drain it).
 * Each load runs in its own process (ingest-client.ts), as the main ingestion figure does.
 */
import path from 'node:path';
import { ROOT, runJson } from './processes.js';
import { Rng } from './random.js';
import type { Result } from './report.js';

interface ClientFigures {
  ok: number;
  sent: number;
  perSecond: number;
  duration: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

type Call = (method: string, route: string, body?: unknown) => Promise<unknown>;

export interface WriteScenarioOptions {
  url: string;
  /** The analyst's API key (the load generator's credentials). */
  key: string;
  /** The reads an analyst makes, each a call (an alert list, a case search). */
  reads: Array<(call: Call) => Promise<unknown>>;
  call: Call;
  /** Seconds of each timed load. */
  seconds: number;
  /** Alerts in the burst. */
  burst: number;
  /** Unique per run: a kept data set keeps earlier runs' alerts (deduplicated by sourceRef). */
  prefix: string;
}

const CLIENT = path.join(ROOT, 'bench/dist/ingest-client.js');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/**
 * How a paced analyst works: one read, then a pause drawn uniformly from THINK_MS before the next,
 * as a person using the UI does (a list or a search shown, looked at, the next one asked for). 0.5–1
 * s is a brisk pace: the web UI asks for a list page and its total together and a person reads the
 * page before the next click, so 10 such analysts (about 13 reads/s together) are a busy team, and
 * the server is not saturated by the readers themselves: what the figure shows is what the writes
 * do to a read, not reads queueing behind other reads. The back-to-back figure (no pause) is the
 * read capacity under the same writes, a second figure.
 */
const THINK_MS: readonly [number, number] = [500, 1000];

interface ReadTimes {
  /** Every read's time in ms, sorted. */
  all: number[];
  /** The same by read (options.reads' order), sorted. */
  byRead: number[][];
}

/**
 * `analysts` read until `until` settles; each read's time. Paced (`think`): each analyst starts at
 * a random moment within the first pause, then reads and pauses in turn; otherwise each reads back
 * to back (a closed loop: the next read leaves as soon as the last one is answered).
 */
async function readLoad(
  options: WriteScenarioOptions,
  analysts: number,
  until: Promise<unknown>,
  think?: readonly [number, number],
): Promise<ReadTimes> {
  let done = false;
  const finished = until.finally(() => {
    done = true;
  });
  const pause = (ms: number) =>
    Promise.race([new Promise((r) => setTimeout(r, ms)), finished.catch(() => undefined)]);
  const all: number[] = [];
  const byRead: number[][] = options.reads.map(() => []);
  await Promise.all(
    Array.from({ length: analysts }, async (_, a) => {
      const rng = new Rng(20 + a); // seeded: two runs pace their analysts alike
      if (think) await pause(rng.next() * think[1]);
      for (let i = a; !done; i++) {
        const which = i % options.reads.length;
        const t = performance.now();
        await options.reads[which]!(options.call);
        const ms = performance.now() - t;
        all.push(ms);
        byRead[which]!.push(ms);
        if (think && !done) await pause(think[0] + rng.next() * (think[1] - think[0]));
      }
    }),
  );
  const sort = (xs: number[]) => xs.sort((x, y) => x - y);
  return { all: sort(all), byRead: byRead.map(sort) };
}

/** The same reads alone, `analysts` at a time, for `seconds`. */
const readsAlone = (
  options: WriteScenarioOptions,
  analysts: number,
  seconds: number,
  think?: readonly [number, number],
) => readLoad(options, analysts, new Promise((r) => setTimeout(r, seconds * 1000)), think);

const round2 = (x: number) => Math.round(x * 100) / 100;

function client(options: WriteScenarioOptions, name: string, extra: string[]): Promise<ClientFigures> {
  return runJson<ClientFigures>(CLIENT, [
    '--url',
    options.url,
    '--path',
    '/api/v1/alert',
    // one argument: a key may start with a dash, which parseArgs would take for an option
    `--key=${options.key}`,
    '--prefix',
    `${options.prefix}-${name}`,
    ...extra,
  ]);
}

function failed(run: ClientFigures, name: string, allowedNon2xx = 0): void {
  if (run.ok === 0 || run.errors > 0 || run.non2xx > allowedNon2xx)
    throw new Error(`${name}: ${run.ok} accepted, ${run.non2xx} non-2xx, ${run.errors} errors`);
}

/**
 * Ten analysts read while ten clients post alerts at full speed; the same reads alone first.
 * (a) Paced analysts (THINK_MS between reads), over twice the load's duration for enough reads:
 * the figure with issue 20's target. (b) Back to back: the read capacity under the same writes.
 */
export async function readsWhileIngesting(options: WriteScenarioOptions): Promise<Result[]> {
  const results: Result[] = [];
  const seconds = String(options.seconds);
  const paced = options.seconds * 2;
  const pacedAlone = await readsAlone(options, 10, paced, THINK_MS);
  const pacedLoad = client(options, 'mixed', ['--connections', '10', '--duration', String(paced)]);
  const pacedDuring = await readLoad(options, 10, pacedLoad, THINK_MS);
  const pacedMixed = await pacedLoad;
  failed(pacedMixed, 'ingestion during paced reads');
  const perRead = (t: ReadTimes) => t.byRead.map((xs) => round2(percentile(xs, 95)));
  results.push({
    scenario: 'list/search p95 while ingesting',
    value: round2(percentile(pacedDuring.all, 95)),
    unit: 'ms',
    p50: round2(percentile(pacedDuring.all, 50)),
    target: { goal: 30, kind: 'max' },
    baseline: round2(percentile(pacedAlone.all, 95)),
    baselineNote: 'the same paced reads by 10 analysts with no writes',
    note: `10 analysts, each one read (alert list, case search in turn) then a pause of ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s (${pacedDuring.all.length} reads in ${paced} s; p95 list / search ${perRead(pacedDuring).join(' / ')} ms, alone ${perRead(pacedAlone).join(' / ')} ms) while 10 connections post alerts with 5 observables at full speed (${Math.round(pacedMixed.perSecond)}/s, p99 ${pacedMixed.p99} ms)`,
    extra: { reads: pacedDuring.all.length, readsAlone: pacedAlone.all.length, ingestion: pacedMixed },
  });
  results.push({
    scenario: 'ingestion while analysts read',
    value: Math.round(pacedMixed.perSecond),
    unit: '/s',
    higherIsBetter: true,
    note: `10 connections posting alerts with 5 observables while the 10 paced analysts above read; p50 ${pacedMixed.p50} ms, p99 ${pacedMixed.p99} ms`,
  });
  const closedAlone = await readsAlone(options, 10, Math.min(options.seconds, 10));
  const closedLoad = client(options, 'mixed-b2b', ['--connections', '10', '--duration', seconds]);
  const closedDuring = await readLoad(options, 10, closedLoad);
  const closedMixed = await closedLoad;
  // The read capacity's figure: the writes' errors (timeouts when readers hold the thread) are reported, not fatal.
  results.push({
    scenario: 'list/search p95 back to back while ingesting (read capacity)',
    value: round2(percentile(closedDuring.all, 95)),
    unit: 'ms',
    p50: round2(percentile(closedDuring.all, 50)),
    baseline: round2(percentile(closedAlone.all, 95)),
    baselineNote: 'the same back-to-back reads by 10 analysts with no writes',
    note: `10 analysts reading back to back, no pause (a closed loop: they queue behind each other, so this is the read capacity, not a person's wait; ${closedDuring.all.length} reads in ${seconds} s, ${closedAlone.all.length} alone in ${Math.min(options.seconds, 10)} s) while 10 connections post alerts (${Math.round(closedMixed.perSecond)}/s, p99 ${closedMixed.p99} ms, ${closedMixed.errors} errors, ${closedMixed.non2xx} non-2xx)`,
  });

  return results;
}

export async function writeScenarios(options: WriteScenarioOptions): Promise<Result[]> {
  const results: Result[] = [];
  const seconds = String(options.seconds);

  // 1. Alerts with 20 observables.
  const wide = await client(options, 'wide', [
    '--observables',
    '20',
    '--connections',
    '50',
    '--duration',
    seconds,
  ]);
  failed(wide, 'alerts with 20 observables');
  results.push({
    scenario: 'ingestion, 20 observables',
    value: Math.round(wide.perSecond),
    unit: '/s',
    higherIsBetter: true,
    note: `POST /api/v1/alert with 20 observables, 50 connections, ${seconds} s; p50 ${wide.p50} ms, p99 ${wide.p99} ms`,
    extra: wide,
  });

  // 2. Every alert twice, both often in flight together: one of each pair accepted, exactly.
  const pairs = options.burst / 5;
  const twice = await client(options, 'twice', [
    '--repeat',
    '--amount',
    String(pairs * 2),
    '--connections',
    '50',
  ]);
  const exact = twice.ok === pairs && twice.non2xx === pairs && twice.errors === 0;
  if (!exact)
    throw new Error(
      `duplicates under load: ${pairs} pairs posted, ${twice.ok} accepted and ${twice.non2xx} refused (want ${pairs} and ${pairs})`,
    );
  results.push({
    scenario: 'duplicates under load',
    value: `${twice.ok}/${pairs}`,
    unit: 'accepted',
    note: `${pairs} alerts each posted twice in a row over 50 connections: ${twice.ok} accepted, ${twice.non2xx} refused as duplicates, ${Math.round(twice.perSecond)} requests answered/s`,
  });

  // 3. Ten analysts read while ten clients post alerts.
  results.push(...(await readsWhileIngesting(options)));

  // 4. A burst: as many alerts as fast as the server takes them.
  const burst = await client(options, 'burst', ['--amount', String(options.burst), '--connections', '100']);
  failed(burst, 'burst');
  results.push({
    scenario: `burst of ${options.burst} alerts drained`,
    value: Math.round(burst.duration * 10) / 10,
    unit: 's',
    note: `${options.burst} alerts with 5 observables over 100 connections: ${Math.round(burst.perSecond)}/s, p99 ${burst.p99} ms`,
  });
  return results;
}
