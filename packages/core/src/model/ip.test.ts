import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { domainNameProblem } from './domain-name.js';
import { canonicalIp, ipVersion } from './ip.js';

// core is browser-safe: it re-implements what node:net and node:url gave it. Node is the reference.
const ADDRESSES = [
  '1.2.3.4',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  '1..3.4',
  '::',
  '::1',
  '1::',
  'fe80::1%eth0',
  'fe80::1%',
  'fe80::1%a b',
  '2001:db8::1:0:0:1',
  '2001:DB8:0:0:0:0:0:1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::',
  '::1:2:3:4:5:6:7',
  '1::2::3',
  ':1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7:',
  '::ffff:1.2.3.4',
  '::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '1.2.3.4::',
  '::ffff:01.2.3.4',
  '12345::',
  'g::1',
  '',
  'example.com',
];

describe('ipVersion', () => {
  it('answers as node:net isIP does', () => {
    for (const a of ADDRESSES) expect(ipVersion(a), a).toBe(isIP(a));
  });
  it('canonical forms', () => {
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('10.0.0.1/8')).toBe('10.0.0.1/8');
    expect(canonicalIp('01.0.0.1')).toBeUndefined();
  });
});

describe('domain names without node:url', () => {
  it('accepts and refuses internationalised names as node:url domainToASCII does', () => {
    for (const name of [
      'bücher.example',
      'xn--bcher-kva.example',
      'xn--zz.example',
      'ex ample.com',
      'ÄÖÜ.de',
    ]) {
      const node = domainToASCII(name);
      expect(domainNameProblem(name) === undefined, name).toBe(
        node !== '' && domainNameProblem(node) === undefined,
      );
    }
  });
});
