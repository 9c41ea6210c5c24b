/**
 * Validation of observable data per type, and the canonical value that is stored, deduplicated
 * and compared for similarity. The data is trimmed; case-insensitive types are lowercased.
 *
 * - ip: an IPv4 or IPv6 address or a CIDR network (see ip.ts for the canonical form).
 * - domain, fqdn, hostname: DNS names (see domain-name.ts); fqdn needs two labels, hostname
 *   follows RFC 1123 strictly (no underscore). Unicode and punycode are kept as written
 *   (lowercased): converting would either hide a homograph or make the name unreadable.
 * - url: parsable by the WHATWG URL parser, with a scheme (any) and a host; no control
 *   characters. Stored as written (not re-serialised), since paths are case-sensitive.
 * - mail: `local@domain`; local part as RFC 5322 dot-atom (Unicode letters allowed, RFC 6531)
 *   or a quoted string, at most 64 octets; domain a DNS name or an address literal `[...]`.
 * - hash: hex of 32, 40, 56, 64, 96 or 128 digits (md5, sha1, sha224, sha256, sha384, sha512).
 * - autonomous-system: `AS123`, `as123`, `123` or asdot `AS1.10`, stored as `AS<asplain>`.
 * - file: an attachment type; it takes no data.
 * - regexp is not compiled (analysts paste PCRE, YARA and other flavours); it, the other
 *   built-in text types and custom types accept any non-empty text.
 * Every type: at most 64 KiB of UTF-8.
 */
import { domainNameProblem, withoutRootDot } from './domain-name.js';
import { canonicalIp } from './ip.js';
import { builtinObservableType } from './observable-types.js';
import { failure, type ModelResult, shown, success } from './result.js';
import { hasControlCharacter } from './text.js';

export const OBSERVABLE_DATA_MAX_BYTES = 64 * 1024;
export const HASH_HEX_LENGTHS: readonly number[] = [32, 40, 56, 64, 96, 128];

type Check = (data: string) => { value: string } | { problem: string };

const asDomain =
  (rules: { strict?: boolean; qualified?: boolean }): Check =>
  (data) => {
    const name = withoutRootDot(data);
    const problem = domainNameProblem(name, rules);
    return problem === undefined
      ? { value: name.toLowerCase() }
      : { problem: `is not a valid name: it ${problem}` };
  };

const ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^(?:${ATOM}(?:\\.${ATOM})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")$`, 'u');

const checks: Record<string, Check> = {
  ip: (data) => {
    const value = canonicalIp(data.toLowerCase());
    return value === undefined ? { problem: 'is not an IPv4 or IPv6 address or CIDR network' } : { value };
  },
  domain: asDomain({}),
  fqdn: asDomain({ qualified: true }),
  hostname: asDomain({ strict: true }),
  url: (data) => {
    if (hasControlCharacter(data)) return { problem: 'is not a URL: it contains control characters' };
    let url: URL;
    try {
      url = new URL(data);
    } catch {
      // TheHive 5 accepts a URL without its scheme (`example.org/path`): kept as it was given
      if (
        !/\s/.test(data) &&
        URL.canParse(`http://${data}`) &&
        new URL(`http://${data}`).hostname.includes('.')
      )
        return { value: data };
      return { problem: 'is not a URL (it needs a host, like https://example.com/path or example.com/path)' };
    }
    return url.host === '' ? { problem: 'is not a URL: it has no host' } : { value: data };
  },
  mail: (data) => {
    const at = data.lastIndexOf('@');
    if (at <= 0) return { problem: 'is not a mail address (local@domain)' };
    const local = data.slice(0, at);
    const domain = data.slice(at + 1);
    if (Buffer.byteLength(local) > 64)
      return { problem: 'is not a mail address: the local part is longer than 64 octets' };
    if (!LOCAL_PART.test(local))
      return { problem: `is not a mail address: invalid local part ${shown(local)}` };
    if (/^\[.*\]$/.test(domain)) {
      const literal = domain.slice(1, -1).replace(/^ipv6:/i, '');
      const ip = canonicalIp(literal.toLowerCase());
      if (ip === undefined || ip.includes('/'))
        return { problem: 'is not a mail address: invalid address literal' };
      return { value: data.toLowerCase() };
    }
    const problem = domainNameProblem(domain);
    if (problem !== undefined) return { problem: `is not a mail address: the domain ${problem}` };
    return { value: data.toLowerCase() };
  },
  hash: (data) =>
    /^[0-9a-f]+$/i.test(data) && HASH_HEX_LENGTHS.includes(data.length)
      ? { value: data.toLowerCase() }
      : {
          problem: `is not a hash: expected ${HASH_HEX_LENGTHS.join(', ')} hexadecimal digits (md5, sha1, sha224, sha256, sha384, sha512)`,
        },
  'autonomous-system': (data) => {
    const m = /^(?:AS)?\s*(\d{1,10})(?:\.(\d{1,5}))?$/i.exec(data);
    const number =
      m === null ? Number.NaN : m[2] === undefined ? Number(m[1]) : Number(m[1]) * 65536 + Number(m[2]);
    const valid =
      m !== null &&
      number <= 0xffffffff &&
      (m[2] === undefined || (Number(m[1]) <= 0xffff && Number(m[2]) <= 0xffff));
    return valid
      ? { value: `AS${number}` }
      : { problem: 'is not an autonomous system number (AS123 or 123)' };
  },
  file: () => ({ problem: 'is not accepted: this type takes an attachment, not data' }),
};

export interface ObservableDataOptions {
  /** For custom types: whether the type is case-sensitive (default true). Built-in types ignore it. */
  isCaseSensitive?: boolean;
}

/**
 * Trims and checks `data` for `dataType`, returning the canonical value to store.
 * Unknown (custom) types accept any non-empty text, lowercased when `isCaseSensitive` is false.
 */
export function validateObservableData(
  dataType: string,
  data: string,
  options: ObservableDataOptions = {},
): ModelResult<string> {
  const prefix = `Invalid data for observable of type ${dataType}`;
  if (typeof data !== 'string') return failure(`${prefix}: expected a string, got ${shown(data)}`);
  const value = data.trim();
  if (value === '') return failure(`${prefix}: data is empty`);
  const bytes = Buffer.byteLength(value);
  if (bytes > OBSERVABLE_DATA_MAX_BYTES) {
    return failure(
      `${prefix}: data is ${bytes} bytes long, more than the maximum of ${OBSERVABLE_DATA_MAX_BYTES}`,
    );
  }
  const check = Object.hasOwn(checks, dataType) ? checks[dataType] : undefined;
  if (check !== undefined) {
    const outcome = check(value);
    return 'value' in outcome
      ? success(outcome.value)
      : failure(`${prefix}: ${shown(value)} ${outcome.problem}`);
  }
  const caseSensitive = builtinObservableType(dataType)?.isCaseSensitive ?? options.isCaseSensitive ?? true;
  return success(caseSensitive ? value : value.toLowerCase());
}
