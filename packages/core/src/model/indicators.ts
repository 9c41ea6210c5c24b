/**
 * Indicators of compromise pulled out of free text (a mail body, a log line, a report): URLs,
 * mail addresses, IPv4 and IPv6 addresses, domains, MD5/SHA-1/SHA-256/SHA-512 hashes and CVE
 * ids. Defanged text (hxxp://, [.], (dot), [@], [:]) is refanged first. Pure, so that the
 * feeders, the built-in analyzers and the browser share one extractor.
 */
import { ipVersion } from './ip.js';

export type IndicatorKind = 'url' | 'mail' | 'ip' | 'domain' | 'hash' | 'cve';

export interface Indicator {
  kind: IndicatorKind;
  value: string;
}

export interface IndicatorOptions {
  /** Also report the hosts of the URLs and the domains of the mail addresses as domains. */
  hostsAsDomains?: boolean;
  /** At most this many indicators of each kind (the first found). */
  maxPerKind?: number;
}

const REFANG_RULES: Array<[RegExp, string]> = [
  [/\bh(?:xx|\*\*)p(s?)(?:\[:\]|:)?\/\//gi, 'http$1://'],
  [/\bfxp(?:\[:\]|:)?\/\//gi, 'ftp://'],
  [/\[:\/\/\]/g, '://'],
  [/\[:\]/g, ':'],
  [/\[\/\]/g, '/'],
  [/\s?[[({]\s?(?:\.|dot)\s?[\])}]\s?/gi, '.'],
  [/\s?[[({]\s?(?:@|at)\s?[\])}]\s?/gi, '@'],
];

/** Undoes the usual defanging so that the real URL, domain, IP or address can be read. */
export function refang(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REFANG_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Makes an indicator safe to show or mail: no clickable scheme, no resolvable name. */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]').replace(/@/g, '[@]');
}

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`)\]}]+/gi;
const MAIL_RE = /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}\b/g;
const IPV4_RE = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
const IPV6_RE = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;
const DOMAIN_RE = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})\b/gi;
const HASH_RE = /\b(?:[a-f0-9]{128}|[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b/gi;
const CVE_RE = /\bCVE-\d{4}-\d{4,7}\b/gi;

/**
 * Endings that look like top-level domains but are file names in mails and reports. A short
 * list: a domain indicator is cheap to ignore, a missed one is not.
 */
const FILE_ENDINGS = new Set(
  (
    'exe dll txt pdf doc docx xls xlsx zip png jpg gif html htm php aspx jsp js json xml bat ps1 vbs ' +
    'msg eml py sh csv log tmp dat bin lnk iso img jar'
  ).split(' '),
);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

export function extractIndicators(text: string, options: IndicatorOptions = {}): Indicator[] {
  const max = options.maxPerKind ?? Number.POSITIVE_INFINITY;
  const clean = refang(text);
  const out: Indicator[] = [];
  const seen = new Set<string>();
  const counts = new Map<IndicatorKind, number>();
  const add = (kind: IndicatorKind, value: string) => {
    const key = `${kind}\u0000${value}`;
    const count = counts.get(kind) ?? 0;
    if (seen.has(key) || count >= max) return;
    seen.add(key);
    counts.set(kind, count + 1);
    out.push({ kind, value });
  };
  const hosts: string[] = [];
  for (const m of clean.match(URL_RE) ?? []) {
    const url = m.replace(/[.,;:!?]+$/, '');
    add('url', url);
    const host = hostOf(url);
    if (host) hosts.push(host);
  }
  for (const m of clean.match(MAIL_RE) ?? []) {
    const mail = m.toLowerCase();
    add('mail', mail);
    hosts.push(mail.slice(mail.indexOf('@') + 1));
  }
  for (const m of clean.match(IPV4_RE) ?? []) if (ipVersion(m) === 4) add('ip', m);
  for (const m of clean.match(IPV6_RE) ?? []) if (ipVersion(m) === 6) add('ip', m.toLowerCase());
  const withoutUrls = clean.replace(URL_RE, ' ').replace(MAIL_RE, ' ');
  const domains = options.hostsAsDomains ? hosts : [];
  for (const m of withoutUrls.match(DOMAIN_RE) ?? []) domains.push(m.toLowerCase());
  for (const d of domains) {
    const ending = d.slice(d.lastIndexOf('.') + 1);
    if (ipVersion(d) !== 0 || !d.includes('.') || FILE_ENDINGS.has(ending)) continue;
    add('domain', d);
  }
  for (const m of clean.match(HASH_RE) ?? []) add('hash', m.toLowerCase());
  for (const m of clean.match(CVE_RE) ?? []) add('cve', m.toUpperCase());
  return out;
}
