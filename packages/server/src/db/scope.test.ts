/** scopeKey: equal exactly when every field of the scope is, so nothing built per scope crosses tenants. */
import { describe, expect, it } from 'vitest';
import { type Scope, scopeKey } from './scope.js';

describe('scopeKey', () => {
  const base: Scope = { organisationId: 7, platformAdmin: false };

  it('is the same for equal scopes, whatever the order or absence of unset fields', () => {
    expect(scopeKey({ platformAdmin: false, organisationId: 7 })).toBe(scopeKey(base));
    expect(scopeKey({ ...base, shared: undefined })).toBe(scopeKey(base));
  });

  it('differs when any field differs', () => {
    const variants: Scope[] = [
      { ...base, organisationId: 8 },
      { ...base, platformAdmin: true },
      { ...base, shared: true },
      { ...base, restrictedFor: 3 },
      { ...base, throughShare: { caseId: 1, organisationId: 2 } },
      { ...base, throughShare: { caseId: 1, organisationId: 3 } },
      { ...base, throughShare: { caseId: 2, organisationId: 2 } },
    ];
    const keys = new Set([scopeKey(base), ...variants.map(scopeKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});
