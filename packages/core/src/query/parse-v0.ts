/**
 * v0 queries (TheHive 3, TheHive 4's v0 API, thehive4py 1.x, SIEM alerters, Synapse): the
 * `query` of `_search`/`_stats` bodies. Same operators as v1 plus `_parent`, `_child`,
 * `_type` and `_string` (a safe subset of Lucene syntax, see query-string.ts);
 * a missing query (`undefined`/`null`) and `{}` match everything.
 */
import type { Filter } from './ast.js';
import { guard, makeContext, type ParseOptions } from './context.js';
import { parseFilterAt } from './filter-parser.js';

export function parseV0Query(json: unknown, opts?: ParseOptions): Filter {
  const path = opts?.path ?? 'query';
  return guard(path, () => {
    if (json === undefined || json === null) return { kind: 'any' };
    return parseFilterAt(makeContext('v0', opts), json, path, 1);
  });
}
