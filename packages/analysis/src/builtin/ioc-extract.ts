/**
 * IOC extraction from a text or a file (read as UTF-8): URLs, e-mail addresses, IPv4 addresses,
 * domains, MD5/SHA-1/SHA-256 hashes, CVE ids. Defanged notations (hxxp, [.], (dot), [@]) are
 * refanged first. Each indicator becomes an artifact the analyst can import as an observable.
 */
import { isIP } from 'node:net';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

/** Largest text read (bytes); the rest of a bigger file is ignored and the report says so. */
const MAX_TEXT = 4 * 1024 * 1024;
/** Indicators reported per kind. */
const MAX_PER_KIND = 1000;

export function refang(text: string): string {
  return text
    .replace(/\bhxxp(s?):\/\//gi, 'http$1://')
    .replace(/\[(\.|dot)\]|\((\.|dot)\)|\{(\.|dot)\}/gi, '.')
    .replace(/\[(@|at)\]|\((@|at)\)/gi, '@')
    .replace(/\[:\]/g, ':')
    .replace(/\[\/\]/g, '/');
}

export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]').replace(/@/g, '[@]');
}

const PATTERNS: Array<[string, RegExp]> = [
  ['url', /\b(?:https?|ftp):\/\/[^\s"'<>()[\]{}]+/gi],
  ['mail', /\b[a-z0-9._%+-]{1,64}@[a-z0-9.-]+\.[a-z]{2,24}\b/gi],
  ['ip', /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g],
  ['hash', /\b(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b/gi],
  ['cve', /\bCVE-\d{4}-\d{4,7}\b/gi],
  ['domain', /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})\b/gi],
];

/** File-like names that the domain pattern would otherwise report. */
const NOT_TLDS = new Set([
  'exe',
  'dll',
  'txt',
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'zip',
  'png',
  'jpg',
  'gif',
  'html',
  'htm',
  'php',
  'js',
  'json',
  'xml',
  'bat',
  'ps1',
  'vbs',
  'msg',
  'eml',
  'py',
  'sh',
  'csv',
  'log',
  'tmp',
  'dat',
  'bin',
  'lnk',
  'iso',
  'img',
  'jar',
]);

export function extractIocs(text: string): Record<string, string[]> {
  const clean = refang(text);
  const found: Record<string, Set<string>> = {};
  const inUrlsOrMails = new Set<string>();
  for (const [kind, pattern] of PATTERNS) {
    const set = new Set<string>();
    found[kind] = set;
    for (const m of clean.matchAll(pattern)) {
      let value = m[0];
      if (kind === 'url') value = value.replace(/[.,;:!?]+$/, '');
      if (kind === 'hash' || kind === 'domain' || kind === 'mail') value = value.toLowerCase();
      if (kind === 'cve') value = value.toUpperCase();
      if (kind === 'ip' && isIP(value) !== 4) continue;
      if (kind === 'domain') {
        const tld = value.slice(value.lastIndexOf('.') + 1);
        if (NOT_TLDS.has(tld) || inUrlsOrMails.has(value)) continue;
      }
      if (set.size < MAX_PER_KIND) set.add(value);
      if (kind === 'url') {
        try {
          inUrlsOrMails.add(new URL(value).hostname.toLowerCase());
        } catch {
          // not a parsable URL: its host is not excluded
        }
      }
      if (kind === 'mail') inUrlsOrMails.add(value.slice(value.indexOf('@') + 1));
    }
  }
  return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, [...v]]));
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
