import { describe, expect, it } from 'vitest';
import { extractIndicators } from './indicators.js';

const kinds = (text: string, options = {}) =>
  extractIndicators(text, options).map((i) => `${i.kind}:${i.value}`);

describe('extractIndicators', () => {
  const text = 'See hxxps://c2[.]evil[.]test/p and fe80::1, CVE-2024-3094, mail x@Corp.Example; notes.txt';

  it('keeps the hosts of URLs and mails out of the domains unless asked', () => {
    expect(kinds(text)).toEqual([
      'url:https://c2.evil.test/p',
      'mail:x@corp.example',
      'ip:fe80::1',
      'cve:CVE-2024-3094',
    ]);
    expect(kinds(text, { hostsAsDomains: true })).toContain('domain:c2.evil.test');
    expect(kinds(text, { hostsAsDomains: true })).toContain('domain:corp.example');
  });

  it('reports at most maxPerKind of each kind', () => {
    expect(kinds('10.0.0.1 10.0.0.2 10.0.0.3 a.test b.test', { maxPerKind: 1 })).toEqual([
      'ip:10.0.0.1',
      'domain:a.test',
    ]);
  });
});
