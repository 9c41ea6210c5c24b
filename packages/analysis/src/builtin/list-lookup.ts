/**
 * Lookup of an observable in local lists the operator keeps on disk (`analysis.listPaths`): MISP
 * warninglists (`{name, description, type, list, matching_attributes}` with type string, hostname,
 * substring or cidr; regex lists are skipped: a regular expression from a file is a denial-of-service
 * risk), and CSV or text files with one value a line in the first column (`#` comments; a line
 * `# level: malicious` sets the level of the file's hits, `suspicious` by default). A hash, domain,
 * IP, URL, mail address or file (by its MD5, SHA-1 and SHA-256) is looked up; a host matches an
 * entry it equals or is a subdomain of, an IP a CIDR entry it falls in.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import type { Taxonomy } from '../runner/worker-io.js';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

type ListKind = 'string' | 'hostname' | 'substring' | 'cidr';

export interface LocalList {
  name: string;
  description: string;
  file: string;
  kind: ListKind | 'mixed';
  level: Taxonomy['level'];
  entries: Set<string>;
  cidrs: BlockList;
}

const LEVELS = new Set(['info', 'safe', 'suspicious', 'malicious']);
const MAX_LIST_BYTES = 64 * 1024 * 1024;

function filesOf(root: string, depth = 0): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(root);
  } catch {
    return [];
  }
  if (stat.isFile()) return /\.(json|csv|txt)$/i.test(root) ? [root] : [];
  if (!stat.isDirectory() || depth > 3) return [];
  return readdirSync(root)
    .sort()
    .flatMap((entry) => filesOf(path.join(root, entry), depth + 1));
}

function addCidr(list: BlockList, entry: string): boolean {
  const [network, prefix] = entry.split('/');
  const family = isIP(network ?? '');
  const bits = Number(prefix);
  if (family === 0 || !Number.isInteger(bits)) return false;
  try {
    list.addSubnet(network!, bits, family === 4 ? 'ipv4' : 'ipv6');
    return true;
  } catch {
    return false;
  }
}

function parseWarninglist(file: string, text: string): LocalList | string {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if (!Array.isArray(raw.list)) return `${file}: not a MISP warninglist (no "list")`;
  const kind = String(raw.type ?? 'string');
  if (!['string', 'hostname', 'substring', 'cidr'].includes(kind))
    return `${file}: warninglist type "${kind}" is not supported (string, hostname, substring, cidr)`;
  const list: LocalList = {
    name: String(raw.name ?? path.basename(path.dirname(file))),
    description: String(raw.description ?? ''),
    file,
    kind: kind as ListKind,
    level: LEVELS.has(String(raw.level)) ? (raw.level as Taxonomy['level']) : 'info',
    entries: new Set(),
    cidrs: new BlockList(),
  };
  for (const e of raw.list) {
    const entry = String(e).trim().toLowerCase();
    if (entry === '') continue;
    if (kind === 'cidr' || (entry.includes('/') && isIP(entry.split('/')[0]!) !== 0)) {
      if (!addCidr(list.cidrs, entry.includes('/') ? entry : `${entry}/${isIP(entry) === 6 ? 128 : 32}`))
        list.entries.add(entry);
    } else list.entries.add(kind === 'hostname' ? entry.replace(/^\.+/, '') : entry);
  }
  return list;
}

function parseLines(file: string, text: string): LocalList {
  const list: LocalList = {
    name: path.basename(file).replace(/\.(csv|txt)$/i, ''),
    description: '',
    file,
    kind: 'mixed',
    level: 'suspicious',
    entries: new Set(),
    cidrs: new BlockList(),
  };
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      const level = /^#\s*level:\s*(\w+)/i.exec(trimmed)?.[1]?.toLowerCase();
      if (level && LEVELS.has(level)) list.level = level as Taxonomy['level'];
      const description = /^#\s*description:\s*(.+)$/i.exec(trimmed)?.[1];
      if (description) list.description = description.trim();
      continue;
    }
    const first = trimmed
      .split(/[,;\t]/)[0]!
      .trim()
      .replace(/^"|"$/g, '')
      .toLowerCase();
    if (first === '' || /^(value|indicator|ioc|hash|domain|ip)$/.test(first)) continue; // a header
    if (!(first.includes('/') && addCidr(list.cidrs, first))) list.entries.add(first);
  }
  return list;
}

const cache = new Map<string, { mtimeMs: number; size: number; list: LocalList | string }>();

/** The lists under the paths (read again when a file changes); problems are returned as text. */
export function loadLists(paths: readonly string[]): { lists: LocalList[]; problems: string[] } {
  const lists: LocalList[] = [];
  const problems: string[] = [];
  for (const file of paths.flatMap((p) => filesOf(p))) {
    try {
      const stat = statSync(file);
      let hit = cache.get(file);
      if (!hit || hit.mtimeMs !== stat.mtimeMs || hit.size !== stat.size) {
        let list: LocalList | string;
        if (stat.size > MAX_LIST_BYTES) list = `${file}: larger than ${MAX_LIST_BYTES} bytes, skipped`;
        else {
          const text = readFileSync(file, 'utf8');
          list = /\.json$/i.test(file) ? parseWarninglist(file, text) : parseLines(file, text);
        }
        hit = { mtimeMs: stat.mtimeMs, size: stat.size, list };
        cache.set(file, hit);
      }
      if (typeof hit.list === 'string') problems.push(hit.list);
      else lists.push(hit.list);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  return { lists, problems };
}

interface Candidates {
  values: string[];
  hosts: string[];
  ips: string[];
  text: string;
}

function candidatesOf(dataType: string, value: string): Candidates {
  const v = value.trim().toLowerCase();
  const out: Candidates = { values: [v], hosts: [], ips: [], text: v };
  const addHost = (host: string) => {
    const h = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (isIP(h) !== 0) out.ips.push(h);
    else if (h !== '') out.hosts.push(h);
    if (!out.values.includes(h)) out.values.push(h);
  };
  if (isIP(v) !== 0) out.ips.push(v);
  else if (dataType === 'domain' || dataType === 'fqdn' || dataType === 'hostname') addHost(v);
  else if (dataType === 'url') {
    try {
      addHost(new URL(v).hostname);
    } catch {
      // not a URL: the value alone
    }
  } else if (dataType === 'mail' || dataType === 'mail_from') {
    const at = v.lastIndexOf('@');
    if (at > 0) addHost(v.slice(at + 1));
  }
  return out;
}

function matches(list: LocalList, c: Candidates): string | undefined {
  for (const ip of c.ips) if (list.cidrs.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')) return ip;
  if (list.kind === 'substring') {
    for (const entry of list.entries) if (c.text.includes(entry)) return entry;
    return undefined;
  }
  for (const value of c.values) if (list.entries.has(value)) return value;
  if (list.kind === 'hostname' || list.kind === 'mixed')
    for (const host of c.hosts) {
      const labels = host.split('.');
      for (let i = 1; i < labels.length - 1; i++) {
        const parent = labels.slice(i).join('.');
        if (list.entries.has(parent)) return parent;
      }
    }
  return undefined;
}

export const listLookupAnalyzer =
  (paths: () => readonly string[]): BuiltinWorker =>
  ({ input, file }) => {
    const { lists, problems } = loadLists(paths());
    if (lists.length === 0)
      return {
        success: false,
        errorMessage: `No local list to look up: set analysis.listPaths${problems.length ? ` (${problems.join('; ')})` : ''}`,
        input,
      };
    let candidates: Candidates;
    let looked: string;
    if (file) {
      const hashes = ['md5', 'sha1', 'sha256'].map((h) => createHash(h).update(file.bytes).digest('hex'));
      candidates = { values: hashes, hosts: [], ips: [], text: hashes.join(' ') };
      looked = hashes[2]!;
    } else {
      looked = String(input.data ?? '');
      if (looked.trim() === '') return { success: false, errorMessage: 'Nothing to look up', input };
      candidates = candidatesOf(input.dataType, looked);
    }
    const hits = lists.flatMap((list) => {
      const entry = matches(list, candidates);
      return entry === undefined
        ? []
        : [{ list: list.name, description: list.description, level: list.level, entry }];
    });
    const taxonomies = hits.length
      ? hits.slice(0, 10).map((h) => taxonomy(h.level, 'ListLookup', h.list, 'listed'))
      : [taxonomy('info', 'ListLookup', 'Lists', `no hit in ${lists.length}`)];
    return report(
      {
        value: looked,
        hits,
        lists: lists.map((l) => ({ name: l.name, description: l.description, entries: l.entries.size })),
        problems,
      },
      taxonomies,
    );
  };
