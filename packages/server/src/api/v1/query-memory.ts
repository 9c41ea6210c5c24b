/**
 * Filter and sort over rendered objects in memory, for the small identity lists (users,
 * organisations, profiles). The filter and sort steps are parsed by the core query language.
 */
import { matchesFilter, parseV1FilterStep, parseV1Sort } from '@propolis/core';

type Item = Record<string, unknown>;

export function applyFilter(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const filter = parseV1FilterStep(step, { path: where, plainLike: 'contains' });
  return items.filter((item) => matchesFilter(filter, item));
}

function cmp(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === undefined || x === null) return 1;
  if (y === undefined || y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

export function applySort(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const fields = parseV1Sort(step, { path: where });
  return [...items].sort((a, b) => {
    for (const { field, direction } of fields) {
      const r = cmp(a[field], b[field]);
      if (r !== 0) return direction === 'desc' ? -r : r;
    }
    return 0;
  });
}
