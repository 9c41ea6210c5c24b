import { describe, expect, it } from 'vitest';
import { parseCustomFieldInput } from './custom-field-input.js';
import { customFieldV0TypeKey, toV0CustomFields, toV1CustomFields } from './custom-field-output.js';
import type { CustomFieldDefinition } from './custom-fields.js';
import { validateCustomFieldValues } from './custom-fields.js';

const defs: CustomFieldDefinition[] = [
  { name: 'cvss', type: 'float', description: 'CVSS score' },
  { name: 'count', type: 'integer' },
  { name: 'owner', type: 'string' },
  { name: 'flag', type: 'boolean' },
  { name: 'seen', type: 'date' },
  { name: 'ref', type: 'url' },
];

describe('v0 type keys', () => {
  it('integer and float are number, url is string', () => {
    expect(customFieldV0TypeKey('integer')).toBe('number');
    expect(customFieldV0TypeKey('float')).toBe('number');
    expect(customFieldV0TypeKey('url')).toBe('string');
    expect(customFieldV0TypeKey('string')).toBe('string');
    expect(customFieldV0TypeKey('boolean')).toBe('boolean');
    expect(customFieldV0TypeKey('date')).toBe('date');
  });
});

describe('toV0CustomFields', () => {
  it('renders one value per field with its order', () => {
    const values = [
      { name: 'cvss', value: 7.5, order: 1 },
      { name: 'count', value: 3, order: 2 },
      { name: 'owner', value: 'b', order: 4 },
      { name: 'owner', value: 'a', order: 3 },
      { name: 'flag', value: null, order: 5 },
      { name: 'seen', value: 1700000000000, order: 6 },
      { name: 'ref', value: 'https://e.x', order: 7 },
      { name: 'unknown', value: true, order: 8 },
    ];
    expect(toV0CustomFields(values, defs)).toEqual({
      cvss: { number: 7.5, order: 1 },
      count: { number: 3, order: 2 },
      owner: { string: 'a', order: 3 },
      flag: { boolean: null, order: 5 },
      seen: { date: 1700000000000, order: 6 },
      ref: { string: 'https://e.x', order: 7 },
      unknown: { boolean: true, order: 8 },
    });
  });

  it('round-trips v0 → parse → validate → v0', () => {
    const v0 = {
      cvss: { number: 7.5, order: 1 },
      owner: { string: 'soc', order: 2 },
      flag: { boolean: false, order: 3 },
      seen: { date: 1700000000000, order: 4 },
    };
    const parsed = parseCustomFieldInput(v0);
    if (!parsed.ok) throw new Error(parsed.message);
    const checked = validateCustomFieldValues(parsed.value, defs);
    if (!checked.ok) throw new Error(checked.message);
    expect(toV0CustomFields(checked.value, defs)).toEqual(v0);
  });
});

describe('toV1CustomFields', () => {
  it('renders every value sorted by order, with _id when stored', () => {
    const values = [
      { name: 'owner', value: 'b', order: 2, _id: '~12' },
      { name: 'cvss', value: 7.5, order: 1, _id: '~11' },
      { name: 'owner', value: 'c', order: 2 },
      { name: 'other', value: 1.5, order: 3 },
    ];
    expect(toV1CustomFields(values, defs)).toEqual([
      { _id: '~11', name: 'cvss', description: 'CVSS score', type: 'float', value: 7.5, order: 1 },
      { _id: '~12', name: 'owner', description: '', type: 'string', value: 'b', order: 2 },
      { name: 'owner', description: '', type: 'string', value: 'c', order: 2 },
      { name: 'other', description: '', type: 'float', value: 1.5, order: 3 },
    ]);
  });

  it('round-trips v1 output → parse → v1', () => {
    const out = toV1CustomFields(
      [
        { name: 'cvss', value: 7.5, order: 0 },
        { name: 'ref', value: 'https://e.x', order: 1 },
      ],
      defs,
    );
    const parsed = parseCustomFieldInput(out);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(toV1CustomFields(parsed.value, defs)).toEqual(out);
  });
});
