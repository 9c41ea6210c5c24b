/**
 * IOC extraction from a text or a file (read as UTF-8): URLs, e-mail addresses, IP addresses,
 * domains, MD5/SHA-1/SHA-256/SHA-512 hashes, CVE ids, defanged or not (core's extractor, shared
 * with the feeders). Each indicator becomes an artifact the analyst can import as an observable.
 */
import { extractIndicators, type IndicatorKind } from '@propolis/core';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

/** Largest text read (bytes); the rest of a bigger file is ignored and the report says so. */
const MAX_TEXT = 4 * 1024 * 1024;
/** Indicators reported per kind. */
const MAX_PER_KIND = 1000;

/** The indicators of a text grouped by kind, every kind present (empty when none was found). */
export function extractIocs(text: string): Record<IndicatorKind, string[]> {
  const found: Record<IndicatorKind, string[]> = { url: [], mail: [], ip: [], hash: [], cve: [], domain: [] };
  for (const { kind, value } of extractIndicators(text, { maxPerKind: MAX_PER_KIND }))
    found[kind].push(value);
  return found;
}

const ARTIFACT_TYPES: Record<string, string> = {
  url: 'url',
  mail: 'mail',
  ip: 'ip',
  hash: 'hash',
  domain: 'domain',
  cve: 'other',
};

export const iocExtractAnalyzer: BuiltinWorker = ({ input, file }) => {
  const source = file ? file.bytes : Buffer.from(String(input.data ?? ''), 'utf8');
  const truncated = source.length > MAX_TEXT;
  const iocs = extractIocs(source.subarray(0, MAX_TEXT).toString('utf8'));
  const total = Object.values(iocs).reduce((n, list) => n + list.length, 0);
  const artifacts = Object.entries(iocs).flatMap(([kind, values]) =>
    values.map((data) => ({ dataType: ARTIFACT_TYPES[kind]!, data, tags: [`ioc-extract:${kind}`] })),
  );
  return report(
    { iocs, total, truncated },
    [taxonomy(total > 0 ? 'suspicious' : 'info', 'IOC', 'Extracted', total)],
    artifacts,
  );
};
