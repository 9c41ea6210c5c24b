/**
 * The list's filter and sort as the URL keeps them, and their translation into a v1 query pipeline
 * (docs/query.md). Filters are groups OR'ed together, the conditions of a group AND'ed; the free-text
 * box matches the title or the source reference. Values are typed by the field (numbers, booleans,
 * dates), so the server never sees "3" for a severity.
 */
import type { QueryStep } from '../api/calls';

export type Operator = 'is' | 'not' | 'in' | 'contains' | 'gte' | 'lte' | 'has' | 'missing';
export interface Condition {
  field: string;
  op: Operator;
  value?: string | string[];
}
/** OR of AND groups. */
export type FilterGroups = Condition[][];

export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'tags';

const ALERT_FIELD_KINDS: Record<string, FieldKind> = {
  title: 'text',
  type: 'text',
  source: 'text',
  sourceRef: 'text',
  status: 'text',
  stage: 'text',
  assignee: 'text',
  severity: 'number',
  tlp: 'number',
  pap: 'number',
  observableCount: 'number',
  read: 'boolean',
  flag: 'boolean',
  follow: 'boolean',
  imported: 'boolean',
  date: 'date',
  _createdAt: 'date',
  _updatedAt: 'date',
  lastSyncDate: 'date',
  tags: 'tags',
};

/** Custom field types (TheHive's) to filter kinds. */
export const CUSTOM_FIELD_KINDS: Record<string, FieldKind> = {
  string: 'text',
  integer: 'number',
  float: 'number',
  boolean: 'boolean',
  date: 'date',
  url: 'text',
};

export function fieldKind(field: string, customKinds: Record<string, FieldKind> = {}): FieldKind {
  if (field.startsWith('customFields.')) return customKinds[field.slice('customFields.'.length)] ?? 'text';
  return ALERT_FIELD_KINDS[field] ?? 'text';
}

/** A value as typed in the UI → the JSON the server compares with. Throws with a message on bad input. */
export function typedValue(kind: FieldKind, raw: string): string | number | boolean {
  const text = raw.trim();
  switch (kind) {
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) throw new Error(`"${raw}" is not a number`);
      return n;
    }
    case 'boolean':
      if (/^(true|yes|1)$/i.test(text)) return true;
      if (/^(false|no|0)$/i.test(text)) return false;
      throw new Error(`"${raw}" is not true or false`);
    case 'date': {
      const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(ms))
        throw new Error(`"${raw}" is not a date (use 2026-12-05 or 2026-12-05T10:00Z)`);
      return ms;
    }
    default:
      return text;
  }
}

function conditionFilter(c: Condition, kinds: Record<string, FieldKind>): Record<string, unknown> {
  const kind = fieldKind(c.field, kinds);
  const one = () => typedValue(kind, Array.isArray(c.value) ? (c.value[0] ?? '') : (c.value ?? ''));
  const field = c.field;
  switch (c.op) {
    case 'is':
      return { _eq: { _field: field, _value: one() } };
    case 'not':
      return { _not: { _eq: { _field: field, _value: one() } } };
    case 'in': {
      const values = (Array.isArray(c.value) ? c.value : String(c.value ?? '').split(','))
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => typedValue(kind, v));
      return { _in: { _field: field, _values: values } };
    }
    case 'contains':
      return { _like: { _field: field, _value: `*${String(one())}*` } };
    case 'gte':
      return { _gte: { _field: field, _value: one() } };
    case 'lte':
      return { _lte: { _field: field, _value: one() } };
    case 'has':
      return { _has: field };
    case 'missing':
      return { _not: { _has: field } };
  }
}

/** The filter step of the query, or undefined when nothing filters. */
export function toV1Filter(
  groups: FilterGroups,
  text: string | undefined,
  kinds: Record<string, FieldKind> = {},
): Record<string, unknown> | undefined {
  const parts: Record<string, unknown>[] = [];
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length === 1) parts.push(...nonEmpty[0]!.map((c) => conditionFilter(c, kinds)));
  else if (nonEmpty.length > 1)
    parts.push({ _or: nonEmpty.map((g) => ({ _and: g.map((c) => conditionFilter(c, kinds)) })) });
  const words = text?.trim();
  if (words)
    parts.push({
      _or: [
        { _like: { _field: 'title', _value: `*${words}*` } },
        { _like: { _field: 'sourceRef', _value: `*${words}*` } },
      ],
    });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { _and: parts };
}

/** `-date` = date descending, `severity` = ascending; earlier entries sort first. */
export function toV1Sort(sort: string[]): Record<string, 'asc' | 'desc'>[] {
  return sort.map((s) => (s.startsWith('-') ? { [s.slice(1)]: 'desc' } : { [s.replace(/^\+/, '')]: 'asc' }));
}

/** Clicking a column header: alone it becomes the only sort (toggling its direction); with shift it is added or toggled as the next key. */
export function nextSort(sort: string[], field: string, additive: boolean): string[] {
  const index = sort.findIndex((s) => s.replace(/^[-+]/, '') === field);
  const current = index >= 0 ? sort[index]! : undefined;
  const toggled = current === undefined ? `-${field}` : current.startsWith('-') ? field : `-${field}`;
  if (!additive) return [toggled];
  if (index < 0) return [...sort, toggled];
  // a third click on an additive key removes it
  if (!current!.startsWith('-')) return sort.filter((_, i) => i !== index);
  return sort.map((s, i) => (i === index ? toggled : s));
}

export function listAlertPipeline(
  groups: FilterGroups,
  text: string | undefined,
  sort: string[],
  from: number,
  to: number,
  kinds: Record<string, FieldKind> = {},
  newFrom?: string,
): QueryStep[] {
  const steps: QueryStep[] = [{ _name: 'listAlert' }];
  const chosen = toV1Filter(groups, text, kinds);
  // alerts from `newFrom` on (ids grow with creation) wait behind the "new alerts" bar
  const horizon = newFrom === undefined ? undefined : { _lt: { _field: '_id', _value: newFrom } };
  const filter = chosen && horizon ? { _and: [chosen, horizon] } : (chosen ?? horizon);
  if (filter) steps.push({ _name: 'filter', ...filter });
  steps.push({ _name: 'sort', _fields: toV1Sort(sort.length ? sort : ['-date']) });
  steps.push({ _name: 'page', from, to, extraData: ['total'] });
  return steps;
}
