/**
 * IP classification: which special-purpose range (RFC 6890 and successors) an address falls in:
 * private, loopback, link-local, shared (CGN), documentation, multicast, reserved... or public.
 */
import { BlockList, isIP } from 'node:net';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

const RANGES: Array<[string, number, string, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'this network (RFC 791)', 'ipv4'],
  ['10.0.0.0', 8, 'private (RFC 1918)', 'ipv4'],
  ['100.64.0.0', 10, 'shared address space (RFC 6598)', 'ipv4'],
  ['127.0.0.0', 8, 'loopback (RFC 1122)', 'ipv4'],
  ['169.254.0.0', 16, 'link-local (RFC 3927)', 'ipv4'],
  ['172.16.0.0', 12, 'private (RFC 1918)', 'ipv4'],
  ['192.0.0.0', 24, 'IETF protocol assignments (RFC 6890)', 'ipv4'],
  ['192.0.2.0', 24, 'documentation TEST-NET-1 (RFC 5737)', 'ipv4'],
  ['192.88.99.0', 24, '6to4 relay anycast (RFC 7526)', 'ipv4'],
  ['192.168.0.0', 16, 'private (RFC 1918)', 'ipv4'],
  ['198.18.0.0', 15, 'benchmarking (RFC 2544)', 'ipv4'],
  ['198.51.100.0', 24, 'documentation TEST-NET-2 (RFC 5737)', 'ipv4'],
  ['203.0.113.0', 24, 'documentation TEST-NET-3 (RFC 5737)', 'ipv4'],
  ['224.0.0.0', 4, 'multicast (RFC 5771)', 'ipv4'],
  ['240.0.0.0', 4, 'reserved (RFC 1112)', 'ipv4'],
  ['::', 128, 'unspecified (RFC 4291)', 'ipv6'],
  ['::1', 128, 'loopback (RFC 4291)', 'ipv6'],
  ['::ffff:0:0', 96, 'IPv4-mapped (RFC 4291)', 'ipv6'],
  ['64:ff9b::', 96, 'IPv4/IPv6 translation (RFC 6052)', 'ipv6'],
  ['100::', 64, 'discard-only (RFC 6666)', 'ipv6'],
  ['2001:db8::', 32, 'documentation (RFC 3849)', 'ipv6'],
  ['2002::', 16, '6to4 (RFC 3056)', 'ipv6'],
  ['fc00::', 7, 'unique local (RFC 4193)', 'ipv6'],
  ['fe80::', 10, 'link-local (RFC 4291)', 'ipv6'],
  ['ff00::', 8, 'multicast (RFC 4291)', 'ipv6'],
];

const lists = RANGES.map(([network, prefix, label, family]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, label, family, cidr: `${network}/${prefix}` };
});

export function classifyIp(
  address: string,
): { version: 4 | 6; ranges: Array<{ cidr: string; label: string }> } | undefined {
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const ranges = lists
    .filter((l) => l.family === family && l.list.check(address, family))
    .map((l) => ({ cidr: l.cidr, label: l.label }));
  return { version: version as 4 | 6, ranges };
}

export const ipClassAnalyzer: BuiltinWorker = ({ input }) => {
  const address = String(input.data ?? '').trim();
  const result = classifyIp(address);
  if (!result) return { success: false, errorMessage: `"${address}" is not an IP address`, input };
  const kind = result.ranges.length === 0 ? 'public' : result.ranges[0]!.label.replace(/ \(.*$/, '');
  return report(
    { address, version: result.version, public: result.ranges.length === 0, ranges: result.ranges },
    [taxonomy(result.ranges.length === 0 ? 'info' : 'safe', 'IP', 'Class', kind)],
  );
};
