/**
 * Pulls indicators out of free text (a mail body, a log line): URLs, domains, IPv4 and IPv6
 * addresses, mail addresses and MD5/SHA-1/SHA-256/SHA-512 hashes. Defanged text is refanged first.
 */
import { isIP } from 'node:net';
import type { ObservableDraft } from '../alert-draft.js';
import { refang } from './refang.js';

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`)\]}]+/gi;
const MAIL_RE = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const IPV4_RE = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
const IPV6_RE = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;
const DOMAIN_RE = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b/gi;
const HASH_RE = /\b(?:[a-f0-9]{128}|[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b/gi;

/**
 * Endings that look like top-level domains but are file names in mail bodies. A short list: a
 * domain observable is cheap to ignore, a missed one is not.
 */
const FILE_ENDINGS = new Set([
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
  'eml',
  'msg',
  'js',
  'ps1',
  'bat',
  'json',
  'xml',
  'csv',
  'log',
  'php',
  'aspx',
  'jsp',
]);

export interface ExtractOptions {
  /** Tags given to every extracted observable. */
  tags?: string[];
  message?: string;
}

export function extractObservables(text: string, options: ExtractOptions = {}): ObservableDraft[] {
  const clean = refang(text);
  const out: ObservableDraft[] = [];
  const seen = new Set<string>();
  const add = (dataType: string, data: string) => {
    const key = `${dataType}\u0000${data}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ dataType, data, tags: options.tags, message: options.message });
  };
  const hostsOfUrls = new Set<string>();
  for (const m of clean.match(URL_RE) ?? []) {
    const url = m.replace(/[.,;:!?]+$/, '');
    add('url', url);
    try {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      hostsOfUrls.add(host.toLowerCase());
    } catch {
      // not a parsable URL: kept as text only
    }
  }
  const mailDomains = new Set<string>();
  for (const m of clean.match(MAIL_RE) ?? []) {
    add('mail', m);
    mailDomains.add(m.slice(m.indexOf('@') + 1).toLowerCase());
  }
  for (const m of clean.match(IPV4_RE) ?? []) add('ip', m);
  for (const m of clean.match(IPV6_RE) ?? []) if (isIP(m) === 6) add('ip', m.toLowerCase());
  const withoutUrls = clean.replace(URL_RE, ' ').replace(MAIL_RE, ' ');
  const domains = new Set<string>([...hostsOfUrls, ...mailDomains]);
  for (const m of withoutUrls.match(DOMAIN_RE) ?? []) domains.add(m.toLowerCase());
  for (const d of domains) {
    if (isIP(d) !== 0) continue;
    const tld = d.slice(d.lastIndexOf('.') + 1);
    if (FILE_ENDINGS.has(tld) || !d.includes('.')) continue;
    add('domain', d);
  }
  for (const m of clean.match(HASH_RE) ?? []) add('hash', m.toLowerCase());
  return out;
}
