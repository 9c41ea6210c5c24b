import { describe, expect, it } from 'vitest';
import { matchesFilter } from './evaluate.js';
import { parseV0Query } from './parse-v0.js';
import { parseV1Filter } from './parse-v1.js';

const user = {
  _id: '~7',
  login: 'ana@soc.test',
  name: 'Ana Lyst',
  locked: false,
  _createdAt: 1_000,
  permissions: ['manageCase', 'manageAlert'],
  customFields: { cvss: 7.5 },
  description: 'Handles phishing cases',
};

const cases: Array<[string, unknown, boolean]> = [
  ['eq string, case-insensitive', { _field: 'login', _value: 'ANA@soc.test' }, true],
  ['eq on a list', { _eq: { _field: 'permissions', _value: 'manageAlert' } }, true],
  ['ne', { _ne: { _field: 'locked', _value: true } }, true],
  ['lt number', { _lt: { _field: '_createdAt', _value: 2000 } }, true],
  ['gte number false', { _gte: { _field: '_createdAt', _value: 2000 } }, false],
  ['between inclusive from', { _between: { _field: '_createdAt', _from: 1000, _to: 1001 } }, true],
  ['between exclusive to', { _between: { _field: '_createdAt', _from: 0, _to: 1000 } }, false],
  ['in', { _in: { _field: 'name', _values: ['Bob', 'ana lyst'] } }, true],
  ['startsWith', { _startsWith: { _field: 'login', _value: 'ana@' } }, true],
  ['endsWith', { _endsWith: { _field: 'login', _value: '.test' } }, true],
  ['like with stars', { _like: { _field: 'name', _value: '*lys*' } }, true],
  ['wildcard inside', { _wildcard: { _field: 'login', _value: 'a*test' } }, true],
  ['match word', { _match: { _field: 'description', _value: 'phishing' } }, true],
  ['match partial word', { _match: { _field: 'description', _value: 'phish' } }, false],
  ['has present', { _has: 'customFields.cvss' }, true],
  ['has absent', { _has: 'customFields.other' }, false],
  ['nested path', { _gt: { _field: 'customFields.cvss', _value: 7 } }, true],
  ['id', { _id: '~7' }, true],
  [
    'and/or/not',
    {
      _and: [
        {
          _or: [
            { _field: 'login', _value: 'x' },
            { _field: 'locked', _value: false },
          ],
        },
        { _not: { _field: 'name', _value: 'Bob' } },
      ],
    },
    true,
  ],
  ['empty or', { _or: [] }, false],
];

describe('matchesFilter', () => {
  it.each(cases)('%s', (_name, json, expected) => {
    expect(matchesFilter(parseV1Filter(json), user)).toBe(expected);
  });
  it('evaluates v0 free words anywhere', () => {
    expect(matchesFilter(parseV0Query({ _string: 'phishing' }), user)).toBe(true);
    expect(matchesFilter(parseV0Query({ _string: 'ransomware' }), user)).toBe(false);
  });
});
