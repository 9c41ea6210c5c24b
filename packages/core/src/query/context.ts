/**
 * Parse options and the per-call parse context: resolved limits, the node budget shared by
 * everything one call reads, the reference time for relative dates, and the guard that makes
 * every public parser throw QueryError and nothing else.
 */
import { QueryError } from './errors.js';
import { type QueryLimits, resolveLimits } from './limits.js';

export type Dialect = 'v0' | 'v1';

export interface ParseOptions {
  /** Overrides of DEFAULT_LIMITS. */
  limits?: Partial<QueryLimits>;
  /** Reference time (epoch ms) for relative dates; default `Date.now()` (read once per call). */
  now?: number | (() => number);
  /** Root of the paths in error messages; each parser has its own default (`query`, `sort`...). */
  path?: string;
  /**
   * What `_like`/`_wildcard` without any `*` means: `eq` (TheHive 4, the default) or
   * `contains` (TheHive 5 describes `_like` as "contains the substring").
   */
  plainLike?: 'eq' | 'contains';
}

export interface Ctx {
  readonly limits: QueryLimits;
  readonly dialect: Dialect;
  readonly plainLike: 'eq' | 'contains';
  /** Nodes spent so far against `limits.maxNodes`. */
  nodes: number;
  /** The reference time, fixed at its first use so one query sees one "now". */
  now(path: string): number;
}

export function makeContext(dialect: Dialect, opts: ParseOptions | undefined): Ctx {
  const limits = resolveLimits(opts?.limits);
  const source = opts?.now;
  let fixed: number | undefined;
  return {
    limits,
    dialect,
    plainLike: opts?.plainLike === 'contains' ? 'contains' : 'eq',
    nodes: 0,
    now(path: string): number {
      if (fixed === undefined) {
        const value = typeof source === 'function' ? source() : (source ?? Date.now());
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new QueryError(path, 'the reference time ("now") is not a finite number');
        }
        fixed = value;
      }
      return fixed;
    },
  };
}

/** Counts `count` nodes against `maxNodes`. */
export function spend(ctx: Ctx, path: string, count = 1): void {
  ctx.nodes += count;
  if (ctx.nodes > ctx.limits.maxNodes) {
    throw new QueryError(path, `the query has more than ${ctx.limits.maxNodes} nodes (the limit)`);
  }
}

export function checkDepth(ctx: Ctx, path: string, depth: number): void {
  if (depth > ctx.limits.maxDepth) {
    throw new QueryError(path, `nesting deeper than ${ctx.limits.maxDepth} levels (the limit)`);
  }
}

/**
 * Runs a public parser: a QueryError passes through; anything else (a bug, a throwing getter,
 * a stack overflow from absurd limits) becomes a QueryError whose `cause` is the original.
 */
export function guard<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QueryError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new QueryError(path, `malformed query (${reason.slice(0, 200)})`, { cause: error });
  }
}
