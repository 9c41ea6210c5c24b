/**
 * Propolis_GeoIp on the bundled country database (a real MMDB from @ip-location-db), with an extra
 * database, a missing one, private addresses and bad input; and the field mapping of MaxMind's
 * GeoLite2 City/ASN and ip-location-db's record layouts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkerInput } from '../runner/worker-io.js';
import { bundledGeoDatabase, geoFields, geoIpAnalyzer } from './geoip.js';

const signal = new AbortController().signal;
const input = (data: string): WorkerInput => ({
  dataType: 'ip',
  data,
  tlp: 2,
  pap: 2,
  message: '',
  parameters: {},
  config: {},
});

describe('Propolis_GeoIp', () => {
  it('gives the country of public IPv4 and IPv6 addresses from the bundled database', async () => {
    const run = geoIpAnalyzer(() => []);
    expect(await run({ input: input('8.8.8.8'), signal })).toMatchObject({
      success: true,
      full: { country: 'US' },
      summary: { taxonomies: [{ namespace: 'GeoIP', predicate: 'Country', value: 'US' }] },
    });
    expect(await run({ input: input('2a00:1450:4001::1'), signal })).toMatchObject({
      full: { address: '2a00:1450:4001::1', country: expect.stringMatching(/^[A-Z]{2}$/) },
    });
  });

  it('names the range of private addresses and refuses what is not an IP', async () => {
    const run = geoIpAnalyzer(() => []);
    expect(await run({ input: input('192.168.1.1'), signal })).toMatchObject({
      summary: { taxonomies: [{ predicate: 'Location', value: 'private' }] },
    });
    expect(await run({ input: input('example.org'), signal })).toMatchObject({ success: false });
  });

  it('reads the databases the operator adds, and reports those it cannot read', async () => {
    const ipv4 = path.join(path.dirname(bundledGeoDatabase()), 'geo-whois-asn-country-ipv4.mmdb');
    const out = await geoIpAnalyzer(() => [ipv4, '/nonexistent/GeoLite2-ASN.mmdb'])({
      input: input('193.51.224.1'),
      signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full.sources).toEqual([
      { database: expect.stringMatching(/NRO/), found: true },
      { database: ipv4, found: true },
    ]);
    expect(out.full.problems).toEqual([expect.stringMatching(/^\/nonexistent\/GeoLite2-ASN.mmdb: /)]);
  });

  it('maps MaxMind City/ASN and ip-location-db records to the same fields', () => {
    expect(
      geoFields({
        country: { iso_code: 'FR', names: { en: 'France' } },
        city: { names: { en: 'Paris' } },
        location: { latitude: 48.85, longitude: 2.35 },
        autonomous_system_number: 2200,
        autonomous_system_organization: 'Renater',
      }),
    ).toEqual({
      country: 'FR',
      countryName: 'France',
      city: 'Paris',
      latitude: 48.85,
      longitude: 2.35,
      asn: 2200,
      asOrganization: 'Renater',
    });
    expect(geoFields({ asn: 13335, as_organization: 'Cloudflare' })).toEqual({
      asn: 13335,
      asOrganization: 'Cloudflare',
    });
  });
});
