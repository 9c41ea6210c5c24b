/**
 * The STIX patterning grammar: the spec's own examples parse and give their comparisons; broken
 * patterns are refused with the place of the mistake.
 */
import { describe, expect, it } from 'vitest';
import { PatternError, parseStixPattern } from './stix-pattern.js';

describe('STIX patterns', () => {
  it('parses the specification examples and reads their comparisons', () => {
    expect(parseStixPattern("[ipv4-addr:value = '198.51.100.7']")).toEqual([
      { objectType: 'ipv4-addr', path: 'value', operator: '=', negated: false, value: '198.51.100.7' },
    ]);
    expect(parseStixPattern("[file:hashes.'SHA-256' = 'aec0' OR file:name = 'a\\'b.exe']")).toMatchObject([
      { objectType: 'file', path: "hashes.'SHA-256'", value: 'aec0' },
      { objectType: 'file', path: 'name', value: "a'b.exe" },
    ]);
    const complex = parseStixPattern(
      "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS FOLLOWEDBY [network-traffic:dst_ref.value IN ('198.51.100.1', '198.51.100.2') AND network-traffic:dst_port NOT >= 1024] REPEATS 5 TIMES START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
    );
    expect(complex.map((c) => [c.objectType, c.path, c.operator, c.negated])).toEqual([
      ['file', 'name', '=', false],
      ['win-registry-key', 'key', '=', false],
      ['network-traffic', 'dst_ref.value', 'IN', false],
      ['network-traffic', 'dst_port', '>=', true],
    ]);
    expect(complex[1]!.value).toBe('HKEY_LOCAL_MACHINE\\foo\\bar');
    expect(complex[2]!.value).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(parseStixPattern("[email-message:to_refs[*].value MATCHES '.+@example\\\\.com$']")[0]!.path).toBe(
      'to_refs[*].value',
    );
    expect(
      parseStixPattern("[artifact:payload_bin = b'aGVsbG8=' AND x509-certificate:serial_number = h'0fa3']"),
    ).toHaveLength(2);
  });

  it('refuses broken patterns and says where', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ["ipv4-addr:value = '1.2.3.4'", /'\[' expected at 0/],
      ["[ipv4-addr:value = '1.2.3.4'", /ends where ']'/],
      ["[ipv4-addr:value == '1.2.3.4']", /constant expected at 18/],
      ["[ipv4-addr:value = '1.2.3.4]", /unterminated string/],
      ["[ipv4-addr:value EQUALS '1']", /comparison operator expected/],
      ["[IPV4:value = '1']", /object type/],
      ["[file:name = 'a'] WITHIN -1 SECONDS", /positive number/],
      ["[file:name = 'a'] START t'yesterday' STOP t'2016-07-01T00:00:00Z'", /timestamp/],
      ["[file:name = 'a'] extra", /unexpected "extra"/],
      [`${'('.repeat(40)}[file:name = 'a']${')'.repeat(40)}`, /nested deeper than 32/],
    ];
    for (const [pattern, message] of bad) {
      expect(() => parseStixPattern(pattern), pattern).toThrow(PatternError);
      expect(() => parseStixPattern(pattern), pattern).toThrow(message);
    }
  });
});
