import { describe, expect, it } from 'vitest';
import { validateObservableData } from './observable-data.js';

const ok = (type: string, data: string, value: string) =>
  expect(validateObservableData(type, data)).toEqual({ ok: true, value });

const bad = (type: string, data: string, fragment?: string) => {
  const result = validateObservableData(type, data);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.message).toMatch(new RegExp(`^Invalid data for observable of type ${type}: `));
    if (fragment) expect(result.message).toContain(fragment);
  }
};

describe('all types', () => {
  it('trims and refuses empty data', () => {
    ok('other', '  hello world \n', 'hello world');
    bad('other', '   ', 'data is empty');
    bad('ip', '', 'data is empty');
  });

  it('refuses data over 64 KiB, counted in UTF-8 bytes', () => {
    ok('other', 'a'.repeat(65536), 'a'.repeat(65536));
    bad('other', 'a'.repeat(65537), 'more than the maximum of 65536');
    bad('other', 'é'.repeat(32769), '65538 bytes');
  });

  it('refuses non-string data', () => {
    bad('other', 42 as unknown as string, 'expected a string');
  });

  it('cuts long data in messages', () => {
    const result = validateObservableData('hash', 'z'.repeat(500));
    expect(!result.ok && result.message.length).toBeLessThan(300);
  });
});

describe('ip', () => {
  it('accepts IPv4', () => {
    ok('ip', '192.168.0.1', '192.168.0.1');
    ok('ip', ' 8.8.8.8 ', '8.8.8.8');
    ok('ip', '0.0.0.0', '0.0.0.0');
  });

  it('refuses bad IPv4 with the message of the brief', () => {
    expect(validateObservableData('ip', '999.1.1.1')).toEqual({
      ok: false,
      message:
        'Invalid data for observable of type ip: "999.1.1.1" is not an IPv4 or IPv6 address or CIDR network',
    });
    bad('ip', '1.2.3');
    bad('ip', '010.1.1.1');
    bad('ip', '1.2.3.4:80');
    bad('ip', 'example.com');
    bad('ip', '1.2.3.4.5');
  });

  it('accepts IPv6 forms and writes them as RFC 5952', () => {
    ok('ip', '2001:DB8::1', '2001:db8::1');
    ok('ip', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1');
    ok('ip', '::', '::');
    ok('ip', '::1', '::1');
    ok('ip', '1::', '1::');
    ok('ip', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1');
    ok('ip', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1');
    ok('ip', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1');
    ok('ip', '::FFFF:192.0.2.1', '::ffff:192.0.2.1');
    ok('ip', '::ffff:c000:0201', '::ffff:192.0.2.1');
    ok('ip', '64:ff9b::192.0.2.33', '64:ff9b::c000:221');
    ok('ip', 'fe80::1%eth0', 'fe80::1%eth0');
  });

  it('refuses bad IPv6', () => {
    bad('ip', '1::2::3');
    bad('ip', '2001:db8::g');
    bad('ip', '[::1]');
    bad('ip', '1:2:3:4:5:6:7:8:9');
  });

  it('accepts CIDR networks', () => {
    ok('ip', '10.0.0.0/8', '10.0.0.0/8');
    ok('ip', '192.168.1.10/24', '192.168.1.10/24');
    ok('ip', '2001:DB8:0::/032', '2001:db8::/32');
    ok('ip', '::/0', '::/0');
    bad('ip', '10.0.0.0/33');
    bad('ip', '::/129');
    bad('ip', '10.0.0.0/');
    bad('ip', '10.0.0.0/a');
    bad('ip', 'fe80::1%eth0/64');
  });
});

describe('domain, fqdn, hostname', () => {
  it('lowercases and drops a root dot', () => {
    ok('domain', 'Example.COM', 'example.com');
    ok('domain', 'example.com.', 'example.com');
    ok('fqdn', 'WWW.example.com', 'www.example.com');
    ok('hostname', 'WORKSTATION-01', 'workstation-01');
    ok('domain', 'localhost', 'localhost');
  });

  it('accepts IDN in unicode and punycode, kept as written', () => {
    ok('domain', 'Bücher.example', 'bücher.example');
    ok('domain', 'xn--bcher-kva.example', 'xn--bcher-kva.example');
    ok('fqdn', 'XN--BCHER-KVA.example', 'xn--bcher-kva.example');
    ok('domain', '例え.テスト', '例え.テスト');
    bad('domain', 'xn--zz.com', 'internationalised');
  });

  it('checks label and name lengths', () => {
    const label63 = 'a'.repeat(63);
    ok('domain', `${label63}.com`, `${label63}.com`);
    bad('domain', `${'a'.repeat(64)}.com`, 'label of 64 characters');
    const name253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(name253.length).toBe(253);
    ok('domain', name253, name253);
    bad('domain', `${name253}a`, 'more than 253');
  });

  it('refuses invalid labels', () => {
    bad('domain', '-a.com', 'invalid label "-a"');
    bad('domain', 'a-.com');
    bad('domain', 'a..com', 'empty label');
    bad('domain', 'ex ample.com', 'white space');
    bad('domain', 'exa*mple.com');
    bad('domain', 'http://example.com');
    bad('domain', '1.2.3.4', 'looks like an IP address');
  });

  it('allows underscores in domain and fqdn, not in hostname', () => {
    ok('domain', '_dmarc.example.com', '_dmarc.example.com');
    ok('fqdn', '_sip._tcp.example.com', '_sip._tcp.example.com');
    bad('hostname', 'my_host');
  });

  it('needs two labels for fqdn', () => {
    bad('fqdn', 'localhost', 'not fully qualified');
    ok('hostname', 'host.example.org', 'host.example.org');
  });
});

describe('url', () => {
  it('accepts any scheme with a host, kept as written', () => {
    ok('url', 'https://Example.com/Path?Q=1', 'https://Example.com/Path?Q=1');
    ok('url', ' ftp://files.example.org/a ', 'ftp://files.example.org/a');
    ok('url', 'hxxp://evil.example/x', 'hxxp://evil.example/x');
    ok('url', 'http://[2001:db8::1]:8080/', 'http://[2001:db8::1]:8080/');
  });

  it('accepts a host without scheme as given, as TheHive 5 does', () => {
    ok('url', 'example.org', 'example.org');
    ok('url', 'example.com/path?q=1', 'example.com/path?q=1');
  });

  it('refuses text without a host', () => {
    bad('url', 'just words', 'is not a URL');
    bad('url', 'nodot', 'is not a URL');
    bad('url', 'mailto:someone@example.com', 'no host');
    bad('url', 'http://exa mple.com/');
    bad('url', 'http://example.com/\nx', 'control characters');
    bad('url', 'hxxp[:]//evil[.]example');
  });
});

describe('mail', () => {
  it('accepts addresses and lowercases them', () => {
    ok('mail', 'John.Doe@Example.COM', 'john.doe@example.com');
    ok('mail', 'a+tag@example.org', 'a+tag@example.org');
    ok('mail', '"john doe"@example.org', '"john doe"@example.org');
    ok('mail', 'user@[192.0.2.1]', 'user@[192.0.2.1]');
    ok('mail', 'user@[IPv6:2001:db8::1]', 'user@[ipv6:2001:db8::1]');
    ok('mail', 'jörg@bücher.example', 'jörg@bücher.example');
  });

  it('refuses malformed addresses', () => {
    bad('mail', 'no-at-sign', 'local@domain');
    bad('mail', '@example.com');
    bad('mail', 'user@', 'the domain is empty');
    bad('mail', 'a b@example.com', 'invalid local part');
    bad('mail', 'a..b@example.com');
    bad('mail', 'user@exa mple.com');
    bad('mail', `${'a'.repeat(65)}@example.com`, '64 octets');
    bad('mail', 'user@[999.1.1.1]', 'address literal');
  });
});

describe('hash', () => {
  it('accepts md5, sha1, sha224, sha256, sha384, sha512 and lowercases them', () => {
    for (const length of [32, 40, 56, 64, 96, 128]) ok('hash', 'A'.repeat(length), 'a'.repeat(length));
    ok('hash', ' d41d8cd98f00b204e9800998ecf8427e ', 'd41d8cd98f00b204e9800998ecf8427e');
  });

  it('refuses other lengths and non-hex', () => {
    bad('hash', 'a'.repeat(31), 'expected 32, 40, 56, 64, 96, 128 hexadecimal digits');
    bad('hash', 'a'.repeat(33));
    bad('hash', 'g'.repeat(32));
    bad('hash', 'd41d8cd9 8f00b204e9800998ecf8427e');
    bad('hash', '3:abc:def');
  });
});

describe('autonomous-system', () => {
  it('accepts AS123, as123 and 123 as AS123', () => {
    ok('autonomous-system', 'AS123', 'AS123');
    ok('autonomous-system', 'as123', 'AS123');
    ok('autonomous-system', '123', 'AS123');
    ok('autonomous-system', 'AS4294967295', 'AS4294967295');
    ok('autonomous-system', 'AS1.10', 'AS65546');
  });

  it('refuses other text', () => {
    bad('autonomous-system', 'AS', 'autonomous system number');
    bad('autonomous-system', 'ASN123');
    bad('autonomous-system', 'AS4294967296');
    bad('autonomous-system', 'AS-1');
    bad('autonomous-system', 'AS70000.1');
  });
});

describe('text types', () => {
  it('accept any non-empty text and keep its case', () => {
    for (const type of [
      'other',
      'user-agent',
      'regexp',
      'registry',
      'mail-subject',
      'filename',
      'uri_path',
    ]) {
      ok(type, '  Some Text (x) [y] ', 'Some Text (x) [y]');
    }
    ok('regexp', '(unclosed', '(unclosed');
    ok('registry', 'HKLM\\Software\\Run', 'HKLM\\Software\\Run');
    ok('uri_path', '/Admin/Login.php', '/Admin/Login.php');
  });

  it('file takes no data', () => {
    bad('file', 'malware.exe', 'takes an attachment');
  });
});

describe('custom types', () => {
  it('accept any non-empty text, case-sensitive unless told otherwise', () => {
    ok('btc-wallet', ' 1BoatSLRHtKNngkdXEeobR76b53LETtpyT ', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT');
    expect(validateObservableData('ja3', 'ABC', { isCaseSensitive: false })).toEqual({
      ok: true,
      value: 'abc',
    });
    bad('btc-wallet', ' ', 'data is empty');
  });

  it('do not take over prototype names', () => {
    ok('constructor', 'x', 'x');
    ok('toString', 'x', 'x');
  });
});
