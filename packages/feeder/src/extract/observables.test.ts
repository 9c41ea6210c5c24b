import { refang } from '@propolis/core';
import { describe, expect, it } from 'vitest';
import { extractObservables } from './observables.js';

const summary = (text: string) =>
  extractObservables(text)
    .map((o) => `${o.dataType}:${o.data}`)
    .sort();

describe('refang', () => {
  it('undoes the usual defanging', () => {
    expect(refang('hxxps://evil[.]example[.]com/a and 10[.]0(.)0{.}1 and bob[@]example[dot]org')).toBe(
      'https://evil.example.com/a and 10.0.0.1 and bob@example.org',
    );
    expect(refang('hXXp[:]//x[.]test')).toBe('http://x.test');
  });
});

describe('extractObservables', () => {
  it('finds URLs, their hosts, IPs, mail addresses and hashes, once each', () => {
    expect(
      summary(
        'Go to hxxp://bad[.]example[.]com/x.php?a=1, then 203.0.113.9 and 2001:db8::1; mail eve@phish.test. ' +
          'Hash d41d8cd98f00b204e9800998ecf8427e, again http://bad.example.com/x.php?a=1 and report.pdf',
      ),
    ).toEqual([
      'domain:bad.example.com',
      'domain:phish.test',
      'hash:d41d8cd98f00b204e9800998ecf8427e',
      'ip:2001:db8::1',
      'ip:203.0.113.9',
      'mail:eve@phish.test',
      'url:http://bad.example.com/x.php?a=1',
    ]);
  });

  it('does not take version numbers or file names for IPs and domains', () => {
    expect(summary('version 1.2.3 of tool.exe, see notes.txt')).toEqual([]);
  });
});
