/**
 * Filter and sort over rendered objects in memory, for the small identity lists (users,
 * organisations, profiles). The filter and sort steps are parsed by the core query language.
 */
import { matchesFilter, parseV1FilterStep, parseV1Sort, sortObjects } from '@propolis/core';

type Item = Record<string, unknown>;

export function applyFilter(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const filter = parseV1FilterStep(step, { path: where, plainLike: 'contains' });
  return items.filter((item) => matchesFilter(filter, item));
}

export function applySort(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const fields = parseV1Sort(step, { path: where });
  return sortObjects(items, fields);
}
