import { describe, expect, it } from 'vitest';
import {
  BUILTIN_OBSERVABLE_TYPE_NAMES,
  builtinObservableType,
  isBuiltinObservableType,
} from './observable-types.js';

describe('built-in observable types', () => {
  it('has the 16 seeded types', () => {
    expect(BUILTIN_OBSERVABLE_TYPE_NAMES).toEqual([
      'url',
      'other',
      'user-agent',
      'regexp',
      'mail-subject',
      'registry',
      'mail',
      'autonomous-system',
      'domain',
      'ip',
      'uri_path',
      'filename',
      'hash',
      'file',
      'fqdn',
      'hostname',
    ]);
  });

  it('only file is an attachment', () => {
    expect(BUILTIN_OBSERVABLE_TYPE_NAMES.filter((n) => builtinObservableType(n)?.isAttachment)).toEqual([
      'file',
    ]);
  });

  it('case-insensitive types', () => {
    expect(
      BUILTIN_OBSERVABLE_TYPE_NAMES.filter((n) => !builtinObservableType(n)?.isCaseSensitive).sort(),
    ).toEqual(['autonomous-system', 'domain', 'fqdn', 'hash', 'hostname', 'ip', 'mail'].sort());
  });

  it('custom names are not built in', () => {
    expect(isBuiltinObservableType('ip')).toBe(true);
    expect(isBuiltinObservableType('IP')).toBe(false);
    expect(isBuiltinObservableType('btc-wallet')).toBe(false);
    expect(builtinObservableType('toString')).toBeUndefined();
  });
});
