/**
 * The write scenarios of issue 20, beside the main ingestion figure (run.ts): alerts with 20
 * observables; every alert posted twice under load (exactly one of each pair accepted); reads by
 * analysts while alerts stream in (their p95 against the same reads with no writes, measured just
 * before); and a burst of alerts posted as fast as the server takes them (the time to drain it).
 * Each load runs in its own process (ingest-client.ts), as the main ingestion figure does.
 */
import path from 'node:path';
import { ROOT, runJson } from './processes.js';
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

/** `analysts` loops over the reads until `until` settles; each read's time, sorted. */
async function readLoad(
  options: WriteScenarioOptions,
  analysts: number,
  until: Promise<unknown>,
): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: analysts }, async (_, a) => {
      for (let i = a; !done; i++) {
        const t = performance.now();
        await options.reads[i % options.reads.length]!(options.call);
        times.push(performance.now() - t);
      }
    }),
  );
  return times.sort((x, y) => x - y);
}

/** The same reads alone, `analysts` at a time, for `seconds`. */
const readsAlone = (options: WriteScenarioOptions, analysts: number, seconds: number) =>
  readLoad(options, analysts, new Promise((r) => setTimeout(r, seconds * 1000)));

function client(options: WriteScenarioOptions, name: string, extra: string[]): Promise<ClientFigures> {
  return runJson<ClientFigures>(CLIENT, [
    '--url',
    options.url,
    '--path',
    '/api/v1/alert',
    '--key',
    options.key,
    '--prefix',
    `${options.prefix}-${name}`,
    ...extra,
  ]);
}

function failed(run: ClientFigures, name: string, allowedNon2xx = 0): void {
  if (run.ok === 0 || run.errors > 0 || run.non2xx > allowedNon2xx)
    throw new Error(`${name}: ${run.ok} accepted, ${run.non2xx} non-2xx, ${run.errors} errors`);
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

  // 3. Ten analysts read while ten clients post alerts; the same reads alone first.
  const alone = await readsAlone(options, 10, Math.min(options.seconds, 10));
  const load = client(options, 'mixed', ['--connections', '10', '--duration', seconds]);
  const during = await readLoad(options, 10, load);
  const mixed = await load;
  failed(mixed, 'ingestion during reads');
  results.push({
    scenario: 'list/search p95 while ingesting',
    value: Math.round(percentile(during, 95) * 100) / 100,
    unit: 'ms',
    p50: Math.round(percentile(during, 50) * 100) / 100,
    target: { goal: 30, kind: 'max' },
    baseline: Math.round(percentile(alone, 95) * 100) / 100,
    baselineNote: 'the same reads by 10 analysts with no writes',
    note: `10 analysts (alert list, case search; ${during.length} reads) while 10 connections post alerts with 5 observables (${Math.round(mixed.perSecond)}/s)`,
  });

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
