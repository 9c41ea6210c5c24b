/**
 * Parsing of custom field values in every form clients send, into one list
 * `[{name, value, order}]` (values not yet checked against definitions; see custom-fields.ts):
 *
 *   v1 list      [{"name": "cvss", "value": 7.5, "order": 1}, ...]   a name may repeat (TheHive 5.0 multi-values)
 *   object       {"cvss": 7.5, "tags": ["a", "b"]}                   an array value = several values (TheHive 5.1)
 *   v0 / legacy  {"cvss": {"float": 7.5, "order": 1}}                type keys string, number, integer,
 *                                                                     float, boolean, date, url (also `value`)
 *
 * When `order` is absent, a field takes its position in the input (0-based); all values of one
 * field in the object form share its order. In the legacy form the type key only carries the value:
 * the definition's type decides how it is checked. A legacy object with no type key (`{"order": 1}`)
 * or with only null type keys, and an empty array, are a field without a value (`null`).
 * `null`/`undefined` input is an empty list.
 */
import type { CustomFieldValue } from './custom-fields.js';
import { INT32_MAX, INT32_MIN, isInt32 } from './limits.js';
import { failure, type ModelResult, shown, success } from './result.js';

export const CUSTOM_FIELD_VALUE_KEYS: readonly string[] = [
  'string',
  'number',
  'integer',
  'float',
  'boolean',
  'date',
  'url',
  'value',
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Several values of one field; an empty array is the field without a value. */
const spread = (value: unknown): unknown[] =>
  Array.isArray(value) ? (value.length > 0 ? value : [null]) : [value];

function orderOf(raw: unknown, fallback: number, name: string): ModelResult<number> {
  if (raw === undefined || raw === null) return success(fallback);
  const n = typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (isInt32(n)) return success(n);
  return failure(
    `Invalid order for custom field "${name}": expected an integer from ${INT32_MIN} to ${INT32_MAX}, got ${shown(raw)}`,
  );
}

/** The value carried by a legacy `{"<type>": value, "order": n}` object. */
function legacyValue(name: string, entry: Record<string, unknown>): ModelResult<unknown> {
  const unexpected = Object.keys(entry).filter((k) => k !== 'order' && !CUSTOM_FIELD_VALUE_KEYS.includes(k));
  if (unexpected.length > 0) {
    return failure(
      `Invalid value for custom field "${name}": unexpected key ${shown(unexpected[0])}; expected one of ${CUSTOM_FIELD_VALUE_KEYS.join(', ')} and order`,
    );
  }
  const given = CUSTOM_FIELD_VALUE_KEYS.filter((k) => entry[k] !== undefined && entry[k] !== null);
  if (given.length > 1) {
    return failure(`Invalid value for custom field "${name}": several values given (${given.join(', ')})`);
  }
  const [key] = given;
  return success(key === undefined ? null : entry[key]);
}

function fromList(input: readonly unknown[]): ModelResult<CustomFieldValue[]> {
  const out: CustomFieldValue[] = [];
  for (const [index, item] of input.entries()) {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name.trim() === '') {
      return failure(
        `Invalid custom field at position ${index}: expected {"name": ..., "value": ...}, got ${shown(item)}`,
      );
    }
    const name = item.name.trim();
    const order = orderOf(item.order, index, name);
    if (!order.ok) return order;
    let value: unknown = item.value;
    if (!('value' in item)) {
      const { name: _n, order: _o, ...rest } = item;
      const legacy = legacyValue(name, rest);
      if (!legacy.ok) return legacy;
      value = legacy.value;
    }
    for (const v of spread(value)) out.push({ name, value: v, order: order.value });
  }
  return success(out);
}

function fromObject(input: Record<string, unknown>): ModelResult<CustomFieldValue[]> {
  const out: CustomFieldValue[] = [];
  for (const [index, [rawName, entry]] of Object.entries(input).entries()) {
    const name = rawName.trim();
    if (name === '') return failure('Invalid custom field: empty name');
    let value: unknown = entry;
    let order = index;
    if (isRecord(entry)) {
      const legacy = legacyValue(name, entry);
      if (!legacy.ok) return legacy;
      const o = orderOf(entry.order, index, name);
      if (!o.ok) return o;
      [value, order] = [legacy.value, o.value];
    }
    for (const v of spread(value)) out.push({ name, value: v, order });
  }
  return success(out);
}

/** Parses any accepted input form; the message names the offending field. */
export function parseCustomFieldInput(input: unknown): ModelResult<CustomFieldValue[]> {
  if (input === undefined || input === null) return success([]);
  if (Array.isArray(input)) return fromList(input);
  if (isRecord(input)) return fromObject(input);
  return failure(`Invalid customFields: expected an object or an array, got ${shown(input)}`);
}
