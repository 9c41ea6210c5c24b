import { describe, expect, it } from 'vitest';
import { normalizeField } from './fields.js';

describe('normalizeField', () => {
  it.each([
    ['createdAt', 'v0', '_createdAt'],
    ['createdBy', 'v0', '_createdBy'],
    ['updatedAt', 'v0', '_updatedAt'],
    ['updatedBy', 'v0', '_updatedBy'],
    ['createdAt', 'v1', 'createdAt'],
    ['_createdAt', 'v0', '_createdAt'],
    ['computed.handlingDuration', 'v1', 'handlingDuration'],
    ['computed.handlingDurationInHours', 'v0', 'handlingDurationInHours'],
    ['computed.handlingDurationInMinutes', 'v1', 'handlingDurationInMinutes'],
    ['computed.observableCount', 'v0', 'computed.observableCount'],
    ['caseId', 'v0', 'caseId'],
    ['customFields.cvss.number', 'v0', 'customFields.cvss.number'],
    ['constructor', 'v0', 'constructor'],
    ['toString', 'v0', 'toString'],
  ] as const)('%s (%s) → %s', (field, dialect, expected) => {
    expect(normalizeField(field, dialect)).toBe(expected);
  });
});
