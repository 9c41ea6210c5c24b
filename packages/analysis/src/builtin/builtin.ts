/**
 * Built-in workers: TypeScript functions that take the same input as a Cortex worker and return the
 * same report, run in the engine's process (no network, bounded input). They honour `check_tlp` /
 * `max_tlp` and `check_pap` / `max_pap` as cortexutils does.
 */
import type { InputFile, Taxonomy, WorkerInput, WorkerResult } from '../runner/worker-io.js';

export interface BuiltinContext {
  input: WorkerInput;
  /** The file of a `file` observable. */
  file?: InputFile;
  signal: AbortSignal;
}

export type BuiltinWorker = (ctx: BuiltinContext) => Promise<WorkerResult> | WorkerResult;

export const taxonomy = (
  level: Taxonomy['level'],
  namespace: string,
  predicate: string,
  value: unknown,
): Taxonomy => ({
  level,
  namespace,
  predicate,
  value,
});

/** cortexutils' TLP/PAP gate. */
export function tlpPapRefusal(input: WorkerInput): string | undefined {
  const c = input.config;
  if (c.check_tlp === true && input.tlp > Number(c.max_tlp ?? 2)) return 'TLP is higher than allowed.';
  if (c.check_pap === true && input.pap > Number(c.max_pap ?? 2)) return 'PAP is higher than allowed.';
  return undefined;
}

export async function runBuiltin(
  worker: BuiltinWorker,
  ctx: BuiltinContext,
  timeoutMs: number,
): Promise<WorkerResult> {
  const refusal = tlpPapRefusal(ctx.input);
  if (refusal) return { success: false, errorMessage: refusal, input: ctx.input };
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<WorkerResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          success: false,
          errorMessage: `Timeout: the worker ran longer than ${Math.round(timeoutMs / 1000)} s`,
        }),
      timeoutMs,
    );
    // a stopping engine does not wait for a built-in to finish
    onAbort = () => resolve({ success: false, errorMessage: 'The job was stopped' });
    ctx.signal.addEventListener('abort', onAbort);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => worker(ctx)), timeout]);
  } catch (error) {
    return { success: false, errorMessage: `Unhandled error: ${(error as Error).message}`, input: ctx.input };
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
  }
}

export const report = (
  full: Record<string, unknown>,
  taxonomies: Taxonomy[],
  artifacts: Extract<WorkerResult, { success: true }>['artifacts'] = [],
): WorkerResult => ({ success: true, full, summary: { taxonomies }, operations: [], artifacts });
