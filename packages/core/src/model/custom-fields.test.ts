import { describe, expect, it } from 'vitest';
import {
  type CustomFieldDefinition,
  type CustomFieldType,
  customFieldTypeFromInput,
  missingMandatoryCustomFields,
  validateCustomFieldValue,
  validateCustomFieldValues,
} from './custom-fields.js';

const def = (
  type: CustomFieldType,
  options: CustomFieldDefinition['options'] = [],
): CustomFieldDefinition => ({
  name: 'f',
  type,
  options,
});
const ok = (type: CustomFieldType, input: unknown, value: unknown) =>
  expect(validateCustomFieldValue(def(type), input)).toEqual({ ok: true, value });
const bad = (type: CustomFieldType, input: unknown, message?: string) => {
  const r = validateCustomFieldValue(def(type), input);
  expect(r.ok).toBe(false);
  if (!r.ok && message) expect(r.message).toBe(message);
};

describe('definition types', () => {
  it('reads types from input, number as integer', () => {
    expect(customFieldTypeFromInput('Float')).toBe('float');
    expect(customFieldTypeFromInput('number')).toBe('integer');
    expect(customFieldTypeFromInput('url')).toBe('url');
    expect(customFieldTypeFromInput('text')).toBeUndefined();
    expect(customFieldTypeFromInput(3)).toBeUndefined();
  });
});

describe('values per type', () => {
  it('null and undefined are no value for every type; "" for every type but string', () => {
    for (const t of ['string', 'integer', 'float', 'boolean', 'date', 'url'] as const) {
      ok(t, null, null);
      ok(t, undefined, null);
      if (t !== 'string') ok(t, '', null);
    }
    ok('string', '', '');
  });

  it('string', () => {
    ok('string', 'x y', 'x y');
    ok('string', 12, '12');
    ok('string', true, 'true');
    bad('string', { a: 1 }, 'Invalid value for custom field "f": expected string, got {"a":1}');
    bad('string', ['a']);
    bad('string', 'a'.repeat(65537), 'Invalid value for custom field "f": longer than 65536 characters');
  });

  it('integer', () => {
    ok('integer', 42, 42);
    ok('integer', -3, -3);
    ok('integer', ' 17 ', 17);
    bad('integer', 1.5, 'Invalid value for custom field "f": expected integer, got 1.5');
    bad('integer', 'abc', 'Invalid value for custom field "f": expected integer, got "abc"');
    bad('integer', '1.0');
    bad('integer', 2 ** 60);
    bad('integer', true);
  });

  it('float', () => {
    ok('float', 7.5, 7.5);
    ok('float', 3, 3);
    ok('float', '9.8', 9.8);
    ok('float', '-1e3', -1000);
    ok('float', '.5', 0.5);
    bad('float', 'abc', 'Invalid value for custom field "f": expected float, got "abc"');
    bad('float', Number.NaN);
    bad('float', Number.POSITIVE_INFINITY);
    bad('float', '1,5');
    bad('float', '0x10');
  });

  it('boolean', () => {
    ok('boolean', true, true);
    ok('boolean', false, false);
    ok('boolean', 'TRUE', true);
    ok('boolean', 'false', false);
    bad('boolean', 1, 'Invalid value for custom field "f": expected boolean, got 1');
    bad('boolean', 'yes');
  });

  it('date as epoch milliseconds', () => {
    ok('date', 1700000000000, 1700000000000);
    ok('date', 1700000000000.7, 1700000000000);
    ok('date', '1700000000000', 1700000000000);
    ok('date', '2024-01-02T03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5));
    ok('date', '2024-01-02T03:04:05.123+02:00', Date.UTC(2024, 0, 2, 1, 4, 5, 123));
    ok('date', '2024-01-02', Date.UTC(2024, 0, 2));
    ok('date', '2024-01-02 03:04:05Z', Date.UTC(2024, 0, 2, 3, 4, 5));
    bad('date', 'yesterday', 'Invalid value for custom field "f": expected date, got "yesterday"');
    bad('date', '2024-13-45');
    bad('date', 1e20);
    bad('date', -1);
    bad('date', '10000-01-01');
    bad('date', 253_402_300_800_000);
    ok('date', 253_402_300_799_999, 253_402_300_799_999);
    bad('date', false);
  });

  it('url', () => {
    ok('url', ' https://example.com/x ', 'https://example.com/x');
    ok('url', 'mailto:soc@example.com', 'mailto:soc@example.com');
    bad('url', 'example.com', 'Invalid value for custom field "f": expected url, got "example.com"');
    bad('url', 42);
  });

  it('options', () => {
    expect(validateCustomFieldValue(def('string', ['low', 'high']), 'high')).toEqual({
      ok: true,
      value: 'high',
    });
    expect(validateCustomFieldValue(def('string', ['low', 'high']), 'mid')).toEqual({
      ok: false,
      message: 'Invalid value for custom field "f": "mid" is not one of the options "low", "high"',
    });
    expect(validateCustomFieldValue(def('integer', [1, 2, 3]), '2')).toEqual({ ok: true, value: 2 });
    expect(validateCustomFieldValue(def('integer', [1, 2, 3]), 4).ok).toBe(false);
    expect(validateCustomFieldValue(def('float', [0.5]), 0.5).ok).toBe(true);
    expect(validateCustomFieldValue(def('string', ['low']), null)).toEqual({ ok: true, value: null });
  });
});

describe('lists', () => {
  const defs: CustomFieldDefinition[] = [
    { name: 'cvss', type: 'float' },
    { name: 'owner', type: 'string', mandatory: true },
    { name: 'seen', type: 'date' },
  ];

  it('checks every value and returns canonical values', () => {
    const r = validateCustomFieldValues(
      [
        { name: 'cvss', value: '7.5', order: 0 },
        { name: 'owner', value: 'soc', order: 1 },
      ],
      defs,
      { enforceMandatory: true },
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { name: 'cvss', value: 7.5, order: 0 },
        { name: 'owner', value: 'soc', order: 1 },
      ],
    });
  });

  it('names unknown fields, bad values and missing mandatory fields', () => {
    expect(validateCustomFieldValues([{ name: 'nope', value: 1, order: 0 }], defs)).toEqual({
      ok: false,
      message: 'Unknown custom field "nope"',
    });
    expect(validateCustomFieldValues([{ name: 'cvss', value: 'abc', order: 0 }], defs)).toEqual({
      ok: false,
      message: 'Invalid value for custom field "cvss": expected float, got "abc"',
    });
    expect(
      validateCustomFieldValues([{ name: 'owner', value: null, order: 0 }], defs, { enforceMandatory: true }),
    ).toEqual({
      ok: false,
      message: 'Missing value for mandatory custom field "owner"',
    });
    expect(validateCustomFieldValues([], defs).ok).toBe(true);
    expect(missingMandatoryCustomFields([{ name: 'owner', value: 'x', order: 0 }], defs)).toEqual([]);
  });
});
