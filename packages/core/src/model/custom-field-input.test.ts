import { describe, expect, it } from 'vitest';
import { parseCustomFieldInput } from './custom-field-input.js';

const parsed = (input: unknown) => {
  const r = parseCustomFieldInput(input);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const error = (input: unknown) => {
  const r = parseCustomFieldInput(input);
  return r.ok ? undefined : r.message;
};

describe('parseCustomFieldInput', () => {
  it('no input is an empty list', () => {
    expect(parsed(undefined)).toEqual([]);
    expect(parsed(null)).toEqual([]);
    expect(parsed({})).toEqual([]);
    expect(parsed([])).toEqual([]);
  });

  it('v1 list, with and without order, names repeated for several values', () => {
    expect(
      parsed([
        { name: 'cvss', value: 7.5, order: 3 },
        { name: 'owner', value: 'soc' },
        { name: 'tag', value: 'a', order: 5 },
        { name: 'tag', value: 'b', order: 5 },
      ]),
    ).toEqual([
      { name: 'cvss', value: 7.5, order: 3 },
      { name: 'owner', value: 'soc', order: 1 },
      { name: 'tag', value: 'a', order: 5 },
      { name: 'tag', value: 'b', order: 5 },
    ]);
  });

  it('v1 list items echoed from v1 output keep only name, value, order', () => {
    expect(
      parsed([{ _id: '~1', name: 'x', description: 'd', type: 'string', value: null, order: 0 }]),
    ).toEqual([{ name: 'x', value: null, order: 0 }]);
  });

  it('v1 list items in legacy form and with array values', () => {
    expect(parsed([{ name: 'x', string: 'y', order: 2 }])).toEqual([{ name: 'x', value: 'y', order: 2 }]);
    expect(parsed([{ name: 'x', value: [1, 2] }])).toEqual([
      { name: 'x', value: 1, order: 0 },
      { name: 'x', value: 2, order: 0 },
    ]);
  });

  it('object form, order by position', () => {
    expect(parsed({ cvss: 7.5, owner: 'soc', flag: false, none: null })).toEqual([
      { name: 'cvss', value: 7.5, order: 0 },
      { name: 'owner', value: 'soc', order: 1 },
      { name: 'flag', value: false, order: 2 },
      { name: 'none', value: null, order: 3 },
    ]);
  });

  it('object form with multi-values (TheHive 5.1)', () => {
    expect(parsed({ hosts: ['a', 'b'], empty: [] })).toEqual([
      { name: 'hosts', value: 'a', order: 0 },
      { name: 'hosts', value: 'b', order: 0 },
      { name: 'empty', value: null, order: 1 },
    ]);
  });

  it('legacy v0 map with every type key', () => {
    expect(
      parsed({
        s: { string: 'x', order: 1 },
        n: { number: 3, order: 2 },
        i: { integer: 4 },
        f: { float: 1.5, order: '4' },
        b: { boolean: true, order: 5 },
        d: { date: 1700000000000, order: 6 },
        u: { url: 'https://e.x', order: 7 },
        v: { value: 'plain', order: 8 },
      }),
    ).toEqual([
      { name: 's', value: 'x', order: 1 },
      { name: 'n', value: 3, order: 2 },
      { name: 'i', value: 4, order: 2 },
      { name: 'f', value: 1.5, order: 4 },
      { name: 'b', value: true, order: 5 },
      { name: 'd', value: 1700000000000, order: 6 },
      { name: 'u', value: 'https://e.x', order: 7 },
      { name: 'v', value: 'plain', order: 8 },
    ]);
  });

  it('legacy entries without value are present without value', () => {
    expect(parsed({ a: { order: 1 }, b: { string: null, number: null, order: 2 } })).toEqual([
      { name: 'a', value: null, order: 1 },
      { name: 'b', value: null, order: 2 },
    ]);
  });

  it('refuses malformed input, naming the field', () => {
    expect(error('cvss=7')).toBe('Invalid customFields: expected an object or an array, got "cvss=7"');
    expect(error(42)).toContain('expected an object or an array');
    expect(error([{ value: 1 }])).toContain('Invalid custom field at position 0');
    expect(error([{ name: '', value: 1 }])).toContain('position 0');
    expect(error(['x'])).toContain('position 0');
    expect(error({ cvss: { float: 1, number: 2 } })).toBe(
      'Invalid value for custom field "cvss": several values given (number, float)',
    );
    expect(error({ cvss: { floaty: 1 } })).toContain(
      'Invalid value for custom field "cvss": unexpected key "floaty"',
    );
    expect(error({ cvss: { float: 1, order: 'first' } })).toBe(
      'Invalid order for custom field "cvss": expected an integer from -2147483648 to 2147483647, got "first"',
    );
    expect(error([{ name: 'x', value: 1, order: 1.5 }])).toContain('Invalid order for custom field "x"');
    expect(error({ ' ': 1 })).toBe('Invalid custom field: empty name');
  });
});
