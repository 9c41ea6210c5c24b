/**
 * Custom field definitions and the checking of their values. A definition has a `name` (the
 * reference used in values and queries), a type (string, integer, float, boolean, date, url),
 * optional `options` (allowed values) and `mandatory`. A value is normalised to one canonical
 * form per type: string and url → string, integer and float → number, boolean → boolean,
 * date → epoch milliseconds. `null` means "the field is present without a value".
 * Input forms are parsed by custom-field-input.ts, outputs rendered by custom-field-output.ts.
 *
 * Lenient coercions (feeders and SIEM templates often send everything as text): numeric strings
 * for integer/float/date, "true"/"false" for boolean, ISO 8601 text for date, numbers and
 * booleans for string; an empty string is no value for every type but string.
 * TheHive 3's definition type `number` is read as `integer`.
 */

import { isDateMs } from './limits.js';
import { failure, type ModelResult, shown, success } from './result.js';
import { hasControlCharacter } from './text.js';

export const CUSTOM_FIELD_TYPES = ['string', 'integer', 'float', 'boolean', 'date', 'url'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export type CustomFieldScalar = string | number | boolean;

export interface CustomFieldDefinition {
  name: string;
  type: CustomFieldType;
  displayName?: string;
  description?: string;
  /** Allowed values (already canonical for the type); empty or absent = any value. */
  options?: readonly CustomFieldScalar[];
  mandatory?: boolean;
  group?: string;
}

/** A value as parsed from input or read from storage; `_id` is the stored value's id (v1 output). */
export interface CustomFieldValue<V = unknown> {
  name: string;
  value: V;
  order: number;
  _id?: string;
}

export const CUSTOM_FIELD_STRING_MAX = 64 * 1024;

export const isCustomFieldType = (t: unknown): t is CustomFieldType =>
  (CUSTOM_FIELD_TYPES as readonly unknown[]).includes(t);

/** A definition type from input: the six types, case-insensitively, and TheHive 3's `number` (→ integer). */
export function customFieldTypeFromInput(type: unknown): CustomFieldType | undefined {
  if (typeof type !== 'string') return undefined;
  const t = type.trim().toLowerCase();
  if (t === 'number') return 'integer';
  return isCustomFieldType(t) ? t : undefined;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

type Coerce = (v: unknown) => CustomFieldScalar | null | undefined;

const coercions: Record<CustomFieldType, Coerce> = {
  string: (v) => {
    if (typeof v === 'string') return v.length <= CUSTOM_FIELD_STRING_MAX ? v : undefined;
    return typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : typeof v === 'boolean'
        ? String(v)
        : undefined;
  },
  integer: (v) => {
    const n = typeof v === 'string' && INTEGER.test(v.trim()) ? Number(v.trim()) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
  },
  float: (v) => {
    const n = typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  },
  boolean: (v) => {
    if (typeof v === 'boolean') return v;
    const t = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    return t === 'true' ? true : t === 'false' ? false : undefined;
  },
  date: (v) => {
    let n: unknown = v;
    if (typeof v === 'string') {
      const t = v.trim();
      n = INTEGER.test(t) ? Number(t) : ISO_DATE.test(t) ? Date.parse(t.replace(' ', 'T')) : Number.NaN;
    }
    // The window every date of the platform is held to (1970 to year 9999), as for case and task dates.
    const ms = typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : undefined;
    return isDateMs(ms) ? ms : undefined;
  },
  url: (v) => {
    if (typeof v !== 'string') return undefined;
    const t = v.trim();
    return URL.canParse(t) && !hasControlCharacter(t) ? t : undefined;
  },
};

/**
 * Checks one value against its definition and returns the canonical value.
 * `null`/`undefined` (and `""` for non-string types) give `null`: mandatory is an entity-level
 * rule, see `validateCustomFieldValues`.
 */
export function validateCustomFieldValue(
  def: Pick<CustomFieldDefinition, 'name' | 'type' | 'options'>,
  value: unknown,
): ModelResult<CustomFieldScalar | null> {
  if (value === null || value === undefined) return success(null);
  if (value === '' && def.type !== 'string') return success(null);
  const coerced = coercions[def.type](value);
  if (coerced === undefined || coerced === null) {
    const why =
      def.type === 'string' && typeof value === 'string'
        ? `longer than ${CUSTOM_FIELD_STRING_MAX} characters`
        : `expected ${def.type}, got ${shown(value)}`;
    return failure(`Invalid value for custom field "${def.name}": ${why}`);
  }
  const options = def.options ?? [];
  if (options.length > 0 && !options.some((o) => o === coerced || coercions[def.type](o) === coerced)) {
    return failure(
      `Invalid value for custom field "${def.name}": ${shown(coerced)} is not one of the options ${options.map((o) => shown(o)).join(', ')}`,
    );
  }
  return success(coerced);
}

/**
 * Checks a parsed list against the definitions: every name must be defined, every value valid,
 * and with `enforceMandatory` (creation) every mandatory field must have a value.
 * Returns the list with canonical values, in input order.
 */
export function validateCustomFieldValues(
  values: readonly CustomFieldValue[],
  definitions: readonly CustomFieldDefinition[],
  options: { enforceMandatory?: boolean } = {},
): ModelResult<Array<CustomFieldValue<CustomFieldScalar | null>>> {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const out: Array<CustomFieldValue<CustomFieldScalar | null>> = [];
  for (const item of values) {
    const def = byName.get(item.name);
    if (def === undefined) return failure(`Unknown custom field "${item.name}"`);
    const checked = validateCustomFieldValue(def, item.value);
    if (!checked.ok) return checked;
    out.push({ ...item, value: checked.value });
  }
  if (options.enforceMandatory) {
    const missing = missingMandatoryCustomFields(out, definitions);
    if (missing.length > 0) {
      const names = missing.map((n) => `"${n}"`).join(', ');
      return failure(`Missing value for mandatory custom field${missing.length > 1 ? 's' : ''} ${names}`);
    }
  }
  return success(out);
}

/** Names of mandatory definitions that have no non-null value in `values`. */
export function missingMandatoryCustomFields(
  values: readonly CustomFieldValue[],
  definitions: readonly CustomFieldDefinition[],
): string[] {
  const present = new Set(values.filter((v) => v.value !== null && v.value !== undefined).map((v) => v.name));
  return definitions.filter((d) => d.mandatory && !present.has(d.name)).map((d) => d.name);
}
