import { describe, expect, it } from 'vitest';
import type { Filter } from './ast.js';
import { QueryError } from './errors.js';
import { parseV0Query } from './parse-v0.js';

const eq = (field: string, value: unknown): Filter => ({ kind: 'compare', op: 'eq', field, value }) as Filter;
const ft = (value: string): Filter => ({ kind: 'fulltext', value });
const q = (text: string) => parseV0Query({ _string: text });

const CASES: Array<[string, Filter]> = [
  ['title:foo', eq('title', 'foo')],
  ['title:misp AND tlp:2', { kind: 'and', filters: [eq('title', 'misp'), eq('tlp', 2)] }],
  ['flag:true', eq('flag', true)],
  ['severity:-1.5', eq('severity', -1.5)],
  ['tlp:"2"', eq('tlp', '2')],
  ['title:"quoted value"', eq('title', 'quoted value')],
  ['title:"say \\"hi\\""', eq('title', 'say "hi"')],
  ['title:val*', { kind: 'text', op: 'startsWith', field: 'title', value: 'val' }],
  ['title:*val', { kind: 'text', op: 'endsWith', field: 'title', value: 'val' }],
  ['title:*val*', { kind: 'text', op: 'contains', field: 'title', value: 'val' }],
  ['title:a*b', { kind: 'wildcard', field: 'title', pattern: 'a*b' }],
  ['title:*', { kind: 'has', field: 'title' }],
  ['title:a\\*b', eq('title', 'a*b')],
  ['title:a\\:b', eq('title', 'a:b')],
  ['url:http://x.org/a', eq('url', 'http://x.org/a')],
  ['customFields.cvss.number:9', eq('customFields.cvss.number', 9)],
  ['phishing', ft('phishing')],
  ['"spear phishing"', ft('spear phishing')],
  ['foo bar', { kind: 'and', filters: [ft('foo'), ft('bar')] }],
  ['foo OR bar', { kind: 'or', filters: [ft('foo'), ft('bar')] }],
  ['a OR b AND c', { kind: 'or', filters: [ft('a'), { kind: 'and', filters: [ft('b'), ft('c')] }] }],
  ['(a OR b) AND c', { kind: 'and', filters: [{ kind: 'or', filters: [ft('a'), ft('b')] }, ft('c')] }],
  ['NOT status:Resolved', { kind: 'not', filter: eq('status', 'Resolved') }],
  [
    'misp -status:Resolved',
    { kind: 'and', filters: [ft('misp'), { kind: 'not', filter: eq('status', 'Resolved') }] },
  ],
  ['+misp +tlp:2', { kind: 'and', filters: [ft('misp'), eq('tlp', 2)] }],
  ['NOT NOT a', { kind: 'not', filter: { kind: 'not', filter: ft('a') } }],
  [
    'a AND NOT (b OR c)',
    { kind: 'and', filters: [ft('a'), { kind: 'not', filter: { kind: 'or', filters: [ft('b'), ft('c')] } }] },
  ],
  ['and or not', { kind: 'and', filters: [ft('and'), ft('or'), ft('not')] }],
  ['foo-bar', ft('foo-bar')],
  ['*', { kind: 'any' }],
  ['*:*', { kind: 'any' }],
  ['', { kind: 'any' }],
  ['   ', { kind: 'any' }],
];

describe('_string (v0 query string)', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(q(text)).toEqual(expected);
  });

  const BAD: Array<[string, RegExp]> = [
    ['tlp:[1 TO 3]', /unsupported syntax: ranges/],
    ['title:foo~2', /fuzzy/],
    ['title:foo^2', /boosts/],
    ['title:fo?', /the \? wildcard/],
    ['severity:>2', /comparisons/],
    ['a && b', /&& \(use AND\)/],
    ['a || b', /\|\| \(use OR\)/],
    ['!a', /! \(use NOT\)/],
    ['title:(a b)', /field:\(\.\.\.\) groups/],
    ['/re.*x/', /regular expressions/],
    ['title:/re/', /regular expressions/],
    ['"unterminated', /unterminated quoted phrase/],
    ['(a OR b', /a "\(" that is never closed/],
    ['a OR b)', /unbalanced "\)"/],
    ['a AND', /unexpected end/],
    ['OR a', /an unexpected OR/],
    ['title:', /a missing value after ":"/],
    [':x', /a ":" without a field name/],
    ['foo*', /a wildcard in a free word/],
    ['""', /an empty phrase/],
    ['9field:x', /an invalid field name/],
    ['ti"tle', /a quote inside a word/],
    ['title:a\\*b*', /both escaped and wildcard/],
    ['x\\', /a trailing \\/],
  ];
  it.each(BAD)('rejects %s', (text, message) => {
    let error: unknown;
    try {
      q(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toMatch(message);
    expect((error as QueryError).message).toMatch(
      /^query\._string: .* at character \d+; supported _string syntax: /,
    );
  });

  it('bounds nesting', () => {
    expect(() => q(`${'('.repeat(40)}a${')'.repeat(40)}`)).toThrow(/nesting deeper than 32 levels/);
    expect(() => q(`${'NOT '.repeat(40)}a`)).toThrow(/nesting deeper than 32 levels/);
  });

  it('bounds the number of terms', () => {
    expect(() => q('a '.repeat(2000))).toThrow(/more than 2000 nodes/);
  });

  it('bounds the wildcards', () => {
    expect(() => q('title:a*b*c*d*e*f')).toThrow(
      /^query\._string: 5 wildcards \(\*\) exceed the limit of 4$/,
    );
  });

  it('bounds the length', () => {
    expect(() => q('a'.repeat(5000))).toThrow(/5000 characters exceeds the limit of 4096/);
  });
});
