/**
 * GeoIP and ASN of an IP address, offline: the country from the MMDB database shipped by the npm
 * package @ip-location-db/geo-whois-asn-country-mmdb (geofeeds, whois and ASN data, daily, CC BY 4.0
 * by NRO), read with `maxmind`; plus any MaxMind-format databases the operator lists in
 * `analysis.geoipDatabases` (GeoLite2-City or -ASN, an ip-location-db ASN or city MMDB...), whose
 * country, city, coordinates and autonomous system are merged in. Private and reserved addresses
 * are not looked up: their report names their range.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { Reader } from 'maxmind';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';
import { classifyIp } from './ip-class.js';

const BUNDLED = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';
const BUNDLED_SOURCE = 'ip-location-db geo-whois-asn-country (NRO, CC BY 4.0)';

type Record_ = Record<string, unknown>;
const readers = new Map<string, { mtimeMs: number; reader: Reader<Record_> }>();

function readerOf(file: string): Reader<Record_> {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = readers.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.reader;
  const reader = new Reader<Record_>(readFileSync(file));
  readers.set(file, { mtimeMs, reader });
  return reader;
}

export const bundledGeoDatabase = () => createRequire(import.meta.url).resolve(BUNDLED);

const pick = (r: Record_, ...paths: string[]): unknown => {
  for (const p of paths) {
    let cur: unknown = r;
    for (const k of p.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record_)[k] : undefined;
    if (cur !== undefined && cur !== null && cur !== '') return cur;
  }
  return undefined;
};

/** The fields of a record, whatever the database's layout (MaxMind's or ip-location-db's). */
export function geoFields(r: Record_): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    country: pick(r, 'country.iso_code', 'country_code', 'registered_country.iso_code'),
    countryName: pick(r, 'country.names.en'),
    city: pick(r, 'city.names.en', 'city'),
    region: pick(r, 'subdivisions.0.names.en', 'state1'),
    latitude: pick(r, 'location.latitude', 'latitude'),
    longitude: pick(r, 'location.longitude', 'longitude'),
    asn: pick(r, 'autonomous_system_number', 'asn'),
    asOrganization: pick(r, 'autonomous_system_organization', 'as_organization', 'organization'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export const geoIpAnalyzer =
  (databases: () => readonly string[]): BuiltinWorker =>
  ({ input }) => {
    const address = String(input.data ?? '').trim();
    if (isIP(address) === 0)
      return { success: false, errorMessage: `"${address}" is not an IP address`, input };
    const special = classifyIp(address)?.ranges ?? [];
    // a private or reserved address has no place in the world, whatever a database says
    if (special.length > 0)
      return report({ address, special }, [
        taxonomy('info', 'GeoIP', 'Location', special[0]!.label.replace(/ \(.*$/, '')),
      ]);
    const sources: Array<{ database: string; found: boolean }> = [];
    const merged: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [file, name] of [
      [bundledGeoDatabase(), BUNDLED_SOURCE] as const,
      ...databases().map((d) => [d, d] as const),
    ]) {
      try {
        const record = readerOf(file).get(address);
        sources.push({ database: name, found: record !== null });
        if (record) Object.assign(merged, geoFields(record));
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    const taxonomies = [];
    taxonomies.push(taxonomy('info', 'GeoIP', 'Country', merged.country ?? 'unknown'));
    if (merged.city !== undefined) taxonomies.push(taxonomy('info', 'GeoIP', 'City', merged.city));
    if (merged.asn !== undefined)
      taxonomies.push(
        taxonomy(
          'info',
          'GeoIP',
          'ASN',
          `AS${merged.asn}${merged.asOrganization ? ` ${merged.asOrganization}` : ''}`,
        ),
      );
    return report({ address, ...merged, sources, problems }, taxonomies);
  };
