/**
 * Custom field values as the v1 API takes them: a list of `{name, value, order}`. The helpers type
 * the value by the field's type (`cf.integer('cvss-score', 7)`, `cf.date('detected', new Date())`),
 * `customFields(...)` numbers them in order, and `customFieldValue(obj, name)` reads one back from
 * an output (case, alert, observable...).
 */
import type { CustomFieldType, CustomFieldValueV1 } from '@propolis/core';

export interface CustomFieldInput {
  name: string;
  value: string | number | boolean | null;
  order?: number;
  /** For documentation only: the type the helper checked the value for. */
  readonly type?: CustomFieldType;
}

function make(type: CustomFieldType, check: (v: unknown) => boolean, describe: string) {
  return (name: string, value: unknown, order?: number): CustomFieldInput => {
    if (value !== null && !check(value)) throw new TypeError(`custom field ${name}: ${describe}`);
    return {
      name,
      value: value as CustomFieldInput['value'],
      type,
      ...(order === undefined ? {} : { order }),
    };
  };
}

const toDate = (name: string, value: Date | number | string | null, order?: number): CustomFieldInput => {
  if (value === null) return { name, value: null, type: 'date', ...(order === undefined ? {} : { order }) };
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (!Number.isFinite(ms)) throw new TypeError(`custom field ${name}: expected a date`);
  return { name, value: ms, type: 'date', ...(order === undefined ? {} : { order }) };
};

export const cf = {
  string: make('string', (v) => typeof v === 'string', 'expected a string') as (
    name: string,
    value: string | null,
    order?: number,
  ) => CustomFieldInput,
  integer: make('integer', (v) => Number.isSafeInteger(v), 'expected an integer') as (
    name: string,
    value: number | null,
    order?: number,
  ) => CustomFieldInput,
  float: make('float', (v) => typeof v === 'number' && Number.isFinite(v), 'expected a finite number') as (
    name: string,
    value: number | null,
    order?: number,
  ) => CustomFieldInput,
  boolean: make('boolean', (v) => typeof v === 'boolean', 'expected a boolean') as (
    name: string,
    value: boolean | null,
    order?: number,
  ) => CustomFieldInput,
  /** A date from a Date, epoch milliseconds or ISO 8601 text; sent as epoch milliseconds. */
  date: toDate,
  url: make(
    'url',
    (v) => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v),
    'expected an absolute URL',
  ) as (name: string, value: string | null, order?: number) => CustomFieldInput,
};

/** The list to send as `customFields`: orders default to the position in the arguments. */
export function customFields(
  ...values: CustomFieldInput[]
): Array<{ name: string; value: unknown; order: number }> {
  return values.map((v, i) => ({ name: v.name, value: v.value, order: v.order ?? i }));
}

/** The value of custom field `name` of an output, or undefined when it is not set. */
export function customFieldValue<T = unknown>(
  output: { customFields?: readonly CustomFieldValueV1[] | unknown },
  name: string,
): T | undefined {
  const list = Array.isArray(output.customFields) ? (output.customFields as CustomFieldValueV1[]) : [];
  const found = list.find((f) => f.name === name);
  return found === undefined ? undefined : (found.value as T);
}
