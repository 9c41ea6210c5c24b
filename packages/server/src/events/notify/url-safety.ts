/**
 * URLs given through the API by organisation administrators may not reach the platform's own host or
 * the cloud's metadata service: loopback, link-local (169.254.0.0/16 and fe80::/10, where the metadata
 * services live), unspecified, multicast and the other well-known metadata addresses are refused,
 * unless the administrator allowed them (`notification.allowLocalAddresses`). The check runs when the
 * URL is configured (a 400) and again on every connection (`guardedLookup`), so a name that resolves
 * to a refused address later (DNS rebinding) is not followed either. Endpoints of the configuration
 * file are trusted and skip it.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { badRequest } from '@propolis/core';
import ipaddr from 'ipaddr.js';

const REFUSED_RANGES = new Set([
  'loopback',
  'linkLocal',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
]);
/** Metadata services that are not link-local. */
const METADATA = new Set(['100.100.100.200', 'fd00:ec2::254']);

/** Why an address may not be reached, or undefined if it may. */
export function refusedAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (REFUSED_RANGES.has(range)) return `${address} is a ${range} address`;
  if (METADATA.has(ip.toString())) return `${address} is a cloud metadata address`;
  return undefined;
}

/** Checks a URL given through the API: http(s), and every address its host resolves to may be reached. */
export async function checkApiUrl(value: unknown, where: string, allowLocal: boolean): Promise<string> {
  if (typeof value !== 'string' || value.length > 2048) throw badRequest(`${where}: must be an http(s) URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest(`${where}: ${JSON.stringify(value)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badRequest(`${where}: only http and https URLs are accepted, got ${url.protocol}`);
  if (allowLocal) return value;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost'))
    throw badRequest(`${where}: ${host} is the platform's own host; such URLs are refused`);
  const addresses = ipaddr.isValid(host) ? [host] : await resolveAll(host).catch(() => []);
  if (addresses.length === 0) throw badRequest(`${where}: the host ${host} does not resolve`);
  for (const a of addresses) {
    const why = refusedAddress(a);
    if (why) throw badRequest(`${where}: ${why}; such URLs are refused unless the administrator allows them`);
  }
  return value;
}

function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    ),
  );
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http.request that refuses addresses `refusedAddress` refuses. */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, []);
    for (const a of addresses) {
      const why = refusedAddress(a.address);
      if (why) {
        const e = new Error(`refused: ${why}`) as NodeJS.ErrnoException;
        e.code = 'EREFUSEDADDRESS';
        return callback(e, []);
      }
    }
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
