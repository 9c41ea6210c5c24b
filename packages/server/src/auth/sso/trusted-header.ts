/**
 * Trusted-header authentication: behind a reverse proxy that authenticates users itself, the proxy
 * names the user in a header. The header is believed only on connections coming from the configured
 * proxy addresses (the TCP peer, never X-Forwarded-For), since anybody else could set it.
 */
import ipaddr from 'ipaddr.js';

function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  const ip = ipaddr.parse(address);
  // ::ffff:127.0.0.1 as seen on a dual-stack socket is 127.0.0.1
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

export function isTrustedProxy(address: string | undefined, proxies: string[]): boolean {
  const ip = address ? parse(address) : undefined;
  if (!ip) return false;
  return proxies.some((proxy) => {
    if (!proxy.includes('/')) {
      const p = parse(proxy);
      return p !== undefined && p.kind() === ip.kind() && p.toNormalizedString() === ip.toNormalizedString();
    }
    const [range, bits] = ipaddr.parseCIDR(proxy);
    return range.kind() === ip.kind() && ip.match([range, bits] as never);
  });
}

/** An IP address or a CIDR range (as proxy lists are written). */
export function isAddressOrRange(text: string): boolean {
  if (ipaddr.isValid(text)) return true;
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}
