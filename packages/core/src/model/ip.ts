/**
 * IP addresses and CIDR networks in canonical text form, for the `ip` observable type.
 * IPv4 stays dotted-quad (leading zeros are refused: they read as octal to some tools); IPv6 is written as RFC 5952
 * says (lowercase, no leading zeros, the longest run of zero groups as `::`, IPv4-mapped
 * addresses as `::ffff:a.b.c.d`), so that every spelling of one address dedups to one value.
 * A zone index (`fe80::1%eth0`) is kept as written. A CIDR suffix is `/<prefix>`, prefix 0..32
 * or 0..128; host bits may be set (`192.168.1.10/24` is interface notation and is kept).
 */

/** Pure (no node:net) so that the browser can use it. */
const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;
const ZONE = /^%[0-9a-z.:-]+$/i;

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p) && Number(p) <= 255);
}

/** IPv6 text (without zone): groups of 1..4 hex digits, at most one `::`, an optional final IPv4. */
function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): number | undefined => {
    if (part === '') return 0;
    const pieces = part.split(':');
    let count = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        if (!isIpv4(piece)) return undefined;
        count += 2;
      } else if (IPV6_GROUP.test(piece)) count += 1;
      else return undefined;
    }
    return count;
  };
  const head = groups(halves[0]!);
  if (head === undefined) return false;
  if (halves.length === 1) return head === 8;
  // an IPv4 part may only end the address
  if (halves[0]!.includes('.')) return false;
  const tail = groups(halves[1]!);
  return tail !== undefined && head + tail <= 7;
}

/** 4 or 6 when `text` is an IPv4 or IPv6 address (IPv6 with an optional `%zone`), else 0. */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (isIpv4(text)) return 4;
  const percent = text.indexOf('%');
  if (percent !== -1 && !ZONE.test(text.slice(percent))) return 0;
  return isIpv6(percent === -1 ? text : text.slice(0, percent)) ? 6 : 0;
}

/** The canonical form of an IPv4/IPv6 address or CIDR network, or undefined when it is neither. */
export function canonicalIp(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return canonicalAddress(text);
  const address = canonicalAddress(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (address.includes('%') || bits > (address.includes(':') ? 128 : 32)) return undefined;
  return `${address}/${bits}`;
}

function canonicalAddress(text: string): string | undefined {
  const version = ipVersion(text);
  if (version === 4) return text;
  if (version !== 6) return undefined;
  const percent = text.indexOf('%');
  const zone = percent === -1 ? '' : text.slice(percent);
  return formatIpv6(parseIpv6(percent === -1 ? text : text.slice(0, percent))) + zone;
}

/** The 8 groups of an address that ipVersion already accepted as IPv6 (without zone). */
function parseIpv6(text: string): number[] {
  const groupsOf = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        // node:net accepted the address, so an embedded IPv4 part has its four numbers.
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf('::');
  if (gap === -1) return groupsOf(text);
  const head = groupsOf(text.slice(0, gap));
  const tail = groupsOf(text.slice(gap + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function formatIpv6(groups: number[]): string {
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  // Longest run of at least two zero groups; the first one on a tie (RFC 5952 §4.2).
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart === -1) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
