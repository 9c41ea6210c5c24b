/**
 * In-memory filter and sort over rendered objects, for the small identity lists.
 * Placeholder until the core filter AST lands: supports equality forms only.
 */
import { PropolisError } from '@propolis/core';

type Item = Record<string, unknown>;

export function applyFilter(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const { _name, ...filter } = step;
  const eq = (filter._eq ?? filter._is ?? filter) as Record<string, unknown>;
  if (typeof eq._field === 'string') return items.filter((i) => i[eq._field as string] === eq._value);
  throw new PropolisError('BadRequest', `${where}: unsupported filter ${JSON.stringify(filter)}`);
}

export function applySort(items: Item[], step: Record<string, unknown>, where: string): Item[] {
  const fields = Array.isArray(step._fields) ? step._fields : [];
  const keys: Array<[string, number]> = [];
  for (const f of fields) {
    if (typeof f === 'string') keys.push([f.replace(/^[+-]/, ''), f.startsWith('-') ? -1 : 1]);
    else if (f && typeof f === 'object')
      for (const [k, v] of Object.entries(f)) keys.push([k, v === 'desc' ? -1 : 1]);
    else
      throw new PropolisError(
        'BadRequest',
        `${where}: sort fields must be {"field":"asc|desc"} or "+field"/"-field"`,
      );
  }
  return [...items].sort((a, b) => {
    for (const [k, dir] of keys) {
      const x = a[k] as string | number;
      const y = b[k] as string | number;
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
}
