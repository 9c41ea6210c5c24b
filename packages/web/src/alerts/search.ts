/** The alert list's URL state: filters (OR of AND groups), free text, sort keys, columns, preview. */
import type { Condition, FilterGroups, Operator } from './filters';

export interface AlertSearch {
  q?: string;
  f?: FilterGroups;
  sort?: string[];
  cols?: string[];
  preview?: string;
}

const OPS = new Set<Operator>(['is', 'not', 'in', 'contains', 'gte', 'lte', 'has', 'missing']);

function parseCondition(value: unknown): Condition | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.field !== 'string' || !OPS.has(c.op as Operator)) return undefined;
  const v = c.value;
  return {
    field: c.field,
    op: c.op as Operator,
    value: typeof v === 'string' ? v : Array.isArray(v) ? v.map(String) : undefined,
  };
}

const strings = (value: unknown) =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;

export function parseAlertSearch(search: Record<string, unknown>): AlertSearch {
  const f = Array.isArray(search.f)
    ? (search.f as unknown[])
        .filter(Array.isArray)
        .map((g) => (g as unknown[]).map(parseCondition).filter((c): c is Condition => Boolean(c)))
        .filter((g) => g.length > 0)
    : undefined;
  return {
    q: typeof search.q === 'string' && search.q ? search.q : undefined,
    f: f?.length ? f : undefined,
    sort: strings(search.sort),
    cols: strings(search.cols),
    preview: typeof search.preview === 'string' ? search.preview : undefined,
  };
}
