/**
 * Suricata eve.json `alert` events → alerts. Events of one flow that hit one signature are one
 * alert (sourceRef `<flow_id>-<signature_id>`): a burst of 50 matches on a connection is one thing
 * to triage. Observables: source and destination IPs (tagged src/dst), the HTTP host, TLS SNI and
 * DNS query names (fqdn), the HTTP URL, the user agent and file hashes. Other event types are skipped.
 */
import { type AlertDraft, dedupObservables, type ObservableDraft } from '../alert-draft.js';
import type { AlertDefaults } from '../feeder-definition.js';
import type { FeedFailure } from '../runtime.js';
import type { JsonRecord } from '../tail/json-lines-source.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** Suricata severity 1 (high) … 3 (low) → TheHive 3 (high) … 1 (low); 4 and beyond are low. */
export const suricataSeverity = (s: unknown): number => (s === 1 ? 3 : s === 2 ? 2 : 1);

interface Group {
  events: Obj[];
  first: Obj;
}

function observablesOf(e: Obj): ObservableDraft[] {
  const out: ObservableDraft[] = [];
  const src = text(e.src_ip);
  const dst = text(e.dest_ip);
  if (src) out.push({ dataType: 'ip', data: src, tags: ['src'] });
  if (dst) out.push({ dataType: 'ip', data: dst, tags: ['dst'] });
  const http = obj(e.http);
  const host = text(http.hostname);
  if (host) out.push({ dataType: 'fqdn', data: host });
  const url = text(http.url);
  if (host && url) {
    const port = typeof http.http_port === 'number' && http.http_port !== 80 ? `:${http.http_port}` : '';
    out.push({ dataType: 'url', data: /^[a-z]+:\/\//i.test(url) ? url : `http://${host}${port}${url}` });
  }
  const ua = text(http.http_user_agent);
  if (ua) out.push({ dataType: 'user-agent', data: ua });
  const sni = text(obj(e.tls).sni);
  if (sni) out.push({ dataType: 'fqdn', data: sni });
  const dns = obj(e.dns);
  const rrname =
    text(dns.rrname) ?? text(obj(Array.isArray(dns.queries) ? dns.queries[0] : undefined).rrname);
  if (rrname) out.push({ dataType: 'fqdn', data: rrname });
  const file = obj(e.fileinfo);
  for (const k of ['sha256', 'sha1', 'md5']) {
    const h = text(file[k]);
    if (h) out.push({ dataType: 'hash', data: h.toLowerCase(), tags: ['file'] });
  }
  return out;
}

function describe(first: Obj, events: Obj[]): string {
  const a = obj(first.alert);
  const rows: Array<[string, unknown]> = [
    ['Signature', a.signature],
    ['Signature id', a.signature_id],
    ['Category', a.category],
    ['Severity (Suricata)', a.severity],
    ['Action', a.action],
    ['Flow id', first.flow_id],
    ['Community id', first.community_id],
    ['Protocol', [first.proto, first.app_proto].filter(Boolean).join(' / ')],
    ['Source', `${first.src_ip ?? '?'}:${first.src_port ?? '?'}`],
    ['Destination', `${first.dest_ip ?? '?'}:${first.dest_port ?? '?'}`],
    ['Interface', first.in_iface],
    ['Sensor', first.host],
    ['First seen', first.timestamp],
    ['Last seen', events[events.length - 1]?.timestamp],
    ['Events', events.length],
  ];
  const table = rows
    .filter(([, v]) => v !== undefined && v !== '' && v !== null)
    .map(([k, v]) => `| **${k}** | ${String(v).replace(/\|/g, '\\|')} |`)
    .join('\n');
  const payload = text(first.payload_printable);
  return `| Field | Value |\n|---|---|\n${table}${payload ? `\n\n**Payload (first event)**\n\n\`\`\`\n${payload.slice(0, 4000)}\n\`\`\`` : ''}`;
}

export function mapEveRecords(
  records: JsonRecord[],
  defaults: AlertDefaults,
  maxSeverity: number,
): { drafts: AlertDraft[]; failures: FeedFailure[] } {
  const groups = new Map<string, Group>();
  const failures: FeedFailure[] = [];
  for (const { ref, value } of records) {
    if (value.event_type !== 'alert') continue;
    const a = obj(value.alert);
    const sid = text(a.signature_id);
    if (!sid) {
      failures.push({ ref: `line at ${ref}`, reason: 'an alert event without alert.signature_id' });
      continue;
    }
    if (maxSeverity > 0 && typeof a.severity === 'number' && a.severity > maxSeverity) continue;
    const flow =
      text(value.flow_id) ??
      [value.src_ip, value.src_port, value.dest_ip, value.dest_port, value.proto].map(String).join('/');
    const key = `${flow}-${sid}`;
    const group = groups.get(key);
    if (group) group.events.push(value);
    else groups.set(key, { events: [value], first: value });
  }
  const drafts: AlertDraft[] = [];
  for (const [key, { events, first }] of groups) {
    const a = obj(first.alert);
    const date = Date.parse(String(first.timestamp ?? ''));
    const category = text(a.category);
    drafts.push({
      type: defaults.type ?? 'ids',
      source: defaults.source ?? 'suricata',
      sourceRef: key,
      title: text(a.signature) ?? `Suricata signature ${text(a.signature_id)}`,
      description: describe(first, events),
      severity: defaults.severity ?? suricataSeverity(a.severity),
      tlp: defaults.tlp,
      pap: defaults.pap,
      tags: [
        ...new Set([...(defaults.tags ?? []), 'suricata', ...(category ? [`category:${category}`] : [])]),
      ],
      date: Number.isFinite(date) ? date : undefined,
      caseTemplate: defaults.caseTemplate,
      observables: dedupObservables(events.flatMap(observablesOf)),
    });
  }
  return { drafts, failures };
}
