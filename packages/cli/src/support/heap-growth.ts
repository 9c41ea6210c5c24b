/**
 * How far V8 lets the JavaScript heap grow past what the last full collection kept before it collects
 * again. On a machine with a few GB of memory V8 allows up to 4× the live heap, so a server whose
 * live heap is ~40 MB swelled to 150-250 MB of garbage under an ingestion load (server RSS 304-318 MB
 * at a million alerts, docs/performance.md). `propolis serve` caps the growth at 50% by default: the
 * same load then peaks at ~170 MB for the same throughput. PROPOLIS_HEAP_GROWTH_PERCENT changes the
 * cap (0 leaves V8's own heuristic), and a heap flag given to Node itself (NODE_OPTIONS or the node
 * command line) always wins.
 */
import v8 from 'node:v8';

export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Node flags that already decide how the heap grows: the operator's choice is kept. */
const HEAP_FLAGS = /--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)\b/;

/** The growth cap to apply, or undefined to leave V8's heuristic; throws on a value that is not a percentage. */
export function heapGrowthPercent(env: NodeJS.ProcessEnv, execArgv: readonly string[]): number | undefined {
  if (HEAP_FLAGS.test(env.NODE_OPTIONS ?? '') || execArgv.some((arg) => HEAP_FLAGS.test(arg)))
    return undefined;
  const raw = env.PROPOLIS_HEAP_GROWTH_PERCENT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_HEAP_GROWTH_PERCENT;
  const percent = Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new Error(
      `PROPOLIS_HEAP_GROWTH_PERCENT must be a whole number of percent from 0 (V8's own heuristic) to 1000, got "${raw}"`,
    );
  return percent === 0 ? undefined : percent;
}

/** Applies the cap to this process (V8 reads the flag each time it sets the next collection's limit). */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv = process.execArgv): void {
  const percent = heapGrowthPercent(env, execArgv);
  if (percent !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
