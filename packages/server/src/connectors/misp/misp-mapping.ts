/**
 * MISP core format ↔ Propolis, without I/O: a MISP event becomes an alert draft (attributes →
 * observables, `to_ids` → IOC, tags kept, TLP from the `tlp:` tag), and a case's observables become
 * MISP attributes. The type map follows TheHive's (reference formats.md).
 */
import { type AlertDraft, dedupObservables, type ObservableDraft } from '@propolis/feeder';
import type { CaseForExport } from '../../domain/misp/export-case.js';
import type { MispServerConfig } from './misp-config.js';

export interface MispTag {
  name: string;
}
export interface MispAttribute {
  id?: string;
  uuid?: string;
  type: string;
  category?: string;
  value: string;
  to_ids?: boolean | string | number;
  comment?: string;
  deleted?: boolean | string | number;
  data?: string;
  Tag?: MispTag[];
}
export interface MispObject {
  name?: string;
  Attribute?: MispAttribute[];
}
export interface MispEvent {
  id: string;
  uuid?: string;
  info: string;
  date?: string;
  timestamp?: string | number;
  threat_level_id?: string | number;
  analysis?: string | number;
  Orgc?: { name?: string; uuid?: string };
  Org?: { name?: string };
  Tag?: MispTag[];
  Attribute?: MispAttribute[];
  Object?: MispObject[];
}

/** MISP attribute type → observable type; composite types (`a|b`) are split below. */
const SIMPLE_TYPES: Record<string, string> = {
  'ip-src': 'ip',
  'ip-dst': 'ip',
  domain: 'domain',
  hostname: 'fqdn',
  url: 'url',
  uri: 'uri_path',
  link: 'url',
  md5: 'hash',
  sha1: 'hash',
  sha224: 'hash',
  sha256: 'hash',
  sha384: 'hash',
  sha512: 'hash',
  ssdeep: 'hash',
  imphash: 'hash',
  tlsh: 'hash',
  authentihash: 'hash',
  filename: 'filename',
  'email-src': 'mail',
  'email-dst': 'mail',
  email: 'mail',
  'email-reply-to': 'mail',
  'email-subject': 'mail-subject',
  regkey: 'registry',
  AS: 'autonomous-system',
  'user-agent': 'user-agent',
  'http-user-agent': 'user-agent',
  attachment: 'file',
  'malware-sample': 'file',
};

/** For composite types, the observable type of each part (null: the part is dropped). */
const COMPOSITE_TYPES: Record<string, [string | null, string | null]> = {
  'ip-src|port': ['ip', null],
  'ip-dst|port': ['ip', null],
  'domain|ip': ['domain', 'ip'],
  'hostname|port': ['fqdn', null],
  'regkey|value': ['registry', null],
  'filename|md5': ['filename', 'hash'],
  'filename|sha1': ['filename', 'hash'],
  'filename|sha256': ['filename', 'hash'],
  'filename|sha512': ['filename', 'hash'],
  'filename|imphash': ['filename', 'hash'],
  'filename|ssdeep': ['filename', 'hash'],
};

const TLP_TAGS: Record<string, number> = {
  'tlp:white': 0,
  'tlp:clear': 0,
  'tlp:green': 1,
  'tlp:amber': 2,
  'tlp:amber+strict': 3,
  'tlp:red': 4,
};
const TLP_NAMES = ['tlp:clear', 'tlp:green', 'tlp:amber', 'tlp:amber+strict', 'tlp:red'];

const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';
const tagNames = (tags: MispTag[] | undefined) =>
  (tags ?? []).map((t) => t?.name).filter((n): n is string => typeof n === 'string' && n !== '');

/** The TLP a list of tags carries (the strictest), or undefined. */
export function tlpOfTags(tags: readonly string[]): number | undefined {
  let tlp: number | undefined;
  for (const t of tags) {
    const n = TLP_TAGS[t.toLowerCase()];
    if (n !== undefined) tlp = Math.max(tlp ?? 0, n);
  }
  return tlp;
}

/**
 * File observables that hold a MISP `malware-sample` as MISP stores it (a zip encrypted with the
 * password `infected`); misp-samples.ts unpacks them.
 */
export const MALWARE_SAMPLES = new WeakSet<ObservableDraft>();

/** Observables of one attribute (none when its type has no mapping and no value). */
export function attributeObservables(attribute: MispAttribute, context?: string): ObservableDraft[] {
  if (truthy(attribute.deleted) || typeof attribute.value !== 'string') return [];
  const tags = tagNames(attribute.Tag);
  const ioc = truthy(attribute.to_ids);
  const message =
    [context, attribute.comment].filter((s) => typeof s === 'string' && s !== '').join(' — ') || undefined;
  const base = { ioc, tags: tags.length ? tags : undefined, message, tlp: tlpOfTags(tags) };
  const composite = COMPOSITE_TYPES[attribute.type];
  if (composite) {
    const parts = attribute.value.split('|');
    return composite.flatMap((dataType, i) =>
      dataType && parts[i] ? [{ ...base, dataType, data: parts[i] }] : [],
    );
  }
  const dataType = SIMPLE_TYPES[attribute.type];
  if (dataType === 'file') {
    if (typeof attribute.data !== 'string' || attribute.data === '') return [];
    const name = attribute.value.split('|')[0] || 'attachment';
    const sample = attribute.type === 'malware-sample';
    const draft: ObservableDraft = {
      ...base,
      dataType: 'file',
      file: {
        name: sample ? `${name}.zip` : name,
        contentType: sample ? 'application/zip' : 'application/octet-stream',
        content: Buffer.from(attribute.data, 'base64'),
      },
    };
    if (sample) MALWARE_SAMPLES.add(draft);
    return [draft];
  }
  if (dataType) return [{ ...base, dataType, data: attribute.value }];
  return [
    {
      ...base,
      dataType: 'other',
      data: attribute.value,
      message: [`MISP type ${attribute.type}`, message].filter(Boolean).join(': '),
    },
  ];
}

export function attributeCount(event: MispEvent): number {
  return (
    (event.Attribute?.length ?? 0) + (event.Object ?? []).reduce((n, o) => n + (o.Attribute?.length ?? 0), 0)
  );
}

/** Why the server's filters skip an event, or undefined to import it. */
export function skipReason(
  event: MispEvent,
  server: Pick<
    MispServerConfig,
    'whitelistTags' | 'excludeTags' | 'excludeOrganisations' | 'maxAttributes' | 'maxAge'
  >,
  now: number,
): string | undefined {
  const tags = tagNames(event.Tag);
  if (server.whitelistTags.length && !tags.some((t) => server.whitelistTags.includes(t)))
    return 'no whitelisted tag';
  if (tags.some((t) => server.excludeTags.includes(t))) return 'an excluded tag';
  const org = event.Orgc?.name ?? '';
  if (server.excludeOrganisations.includes(org)) return `excluded organisation ${org}`;
  if (server.maxAttributes > 0 && attributeCount(event) > server.maxAttributes) return 'too many attributes';
  const modified = Number(event.timestamp) * 1000;
  if (server.maxAge > 0 && Number.isFinite(modified) && modified < now - server.maxAge * 86_400_000)
    return 'too old';
  return undefined;
}

const SEVERITY_OF_THREAT_LEVEL: Record<string, number> = { '1': 3, '2': 2, '3': 1, '4': 2 };

/** Where an event comes from: a configured server, or a file (no URL). */
export type MispOrigin = Pick<MispServerConfig, 'name' | 'caseTemplate'> & { url?: string };

/** The alert a MISP event becomes. */
export function eventToDraft(event: MispEvent, server: MispOrigin): AlertDraft {
  const tags = tagNames(event.Tag);
  const observables = [
    ...(event.Attribute ?? []).flatMap((a) => attributeObservables(a)),
    ...(event.Object ?? []).flatMap((o) =>
      (o.Attribute ?? []).flatMap((a) => attributeObservables(a, o.name ? `object ${o.name}` : undefined)),
    ),
  ];
  const date = event.date ? Date.parse(`${event.date}T00:00:00Z`) : Number.NaN;
  const org = event.Orgc?.name || event.Org?.name || server.name;
  return {
    type: 'misp',
    source: org,
    sourceRef: String(event.id),
    // a feed's event has no MISP id, only its uuid
    title: (event.uuid && String(event.id) === event.uuid ? event.info : `#${event.id} ${event.info}`).slice(
      0,
      512,
    ),
    description: [
      `Imported from MISP ${server.url ? 'server ' : ''}${server.name}, event ${event.id}${event.uuid ? ` (${event.uuid})` : ''}.`,
      '',
      event.info,
    ].join('\n'),
    severity: SEVERITY_OF_THREAT_LEVEL[String(event.threat_level_id)] ?? 2,
    tlp: tlpOfTags(tags) ?? 2,
    tags,
    date: Number.isFinite(date) ? date : undefined,
    externalLink: server.url ? `${server.url}/events/view/${event.id}` : undefined,
    caseTemplate: server.caseTemplate,
    observables: dedupObservables(observables),
  };
}

/**
 * The event of a MISP event file: `{"Event": …}` as MISP exports it, a restSearch answer
 * (`{"response": [{"Event": …}]}`, its first event) or the bare event. Anything else is the 400
 * TheHive answers.
 */
export function parseMispEventFile(bytes: Uint8Array | undefined): MispEvent | undefined {
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
  const obj = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  let event = obj(value);
  const response = event?.response;
  if (Array.isArray(response)) event = obj(response[0]);
  if (event && 'Event' in event) event = obj(event.Event);
  if (!event || typeof event.info !== 'string' || event.info.trim() === '') return undefined;
  if (event.Attribute !== undefined && !Array.isArray(event.Attribute)) return undefined;
  if (event.Object !== undefined && !Array.isArray(event.Object)) return undefined;
  if (event.Tag !== undefined && !Array.isArray(event.Tag)) return undefined;
  const id = event.id ?? event.uuid ?? 'file';
  return { ...(event as unknown as MispEvent), id: String(id) };
}

// Export ------------------------------------------------------------------------------------------

/** Observable type → MISP attribute type and category (hashes by length). */
function attributeType(dataType: string, data: string): { type: string; category: string } | undefined {
  switch (dataType) {
    case 'ip':
      return { type: 'ip-dst', category: 'Network activity' };
    case 'domain':
      return { type: 'domain', category: 'Network activity' };
    case 'fqdn':
    case 'hostname':
      return { type: 'hostname', category: 'Network activity' };
    case 'url':
      return { type: 'url', category: 'Network activity' };
    case 'uri_path':
      return { type: 'uri', category: 'Network activity' };
    case 'mail':
      return { type: 'email-src', category: 'Payload delivery' };
    case 'mail-subject':
      return { type: 'email-subject', category: 'Payload delivery' };
    case 'filename':
      return { type: 'filename', category: 'Payload delivery' };
    case 'registry':
      return { type: 'regkey', category: 'Persistence mechanism' };
    case 'autonomous-system':
      return { type: 'AS', category: 'Network activity' };
    case 'user-agent':
      return { type: 'user-agent', category: 'Network activity' };
    case 'hash': {
      const byLength: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
      const type = /^[0-9a-f]+$/i.test(data) ? byLength[data.length] : undefined;
      return { type: type ?? 'ssdeep', category: 'Payload delivery' };
    }
    case 'other':
      return { type: 'text', category: 'Other' };
    default:
      return undefined;
  }
}

export interface ExportObservable {
  dataType: string;
  data: string | null;
  message: string | null;
  ioc: boolean;
  tags: string[];
  file?: { name: string; content: Uint8Array };
}

export interface MispAttributeDraft {
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  Tag: MispTag[];
  /** An `attachment`'s content, base64. */
  data?: string;
}

/**
 * The attributes a case's observables become: files as `attachment` attributes (the file name as
 * value, the content base64 in `data`); observables without a MISP type are left out.
 */
export function observablesToAttributes(observables: readonly ExportObservable[]): MispAttributeDraft[] {
  const out: MispAttributeDraft[] = [];
  for (const o of observables) {
    if (o.file) {
      out.push({
        type: 'attachment',
        category: 'Payload delivery',
        value: o.file.name,
        to_ids: o.ioc,
        comment: o.message ?? '',
        Tag: o.tags.map((name) => ({ name })),
        data: Buffer.from(o.file.content).toString('base64'),
      });
      continue;
    }
    if (o.data === null) continue;
    const t = attributeType(o.dataType, o.data);
    if (!t) continue;
    out.push({
      ...t,
      value: o.data,
      to_ids: o.ioc,
      comment: o.message ?? '',
      Tag: o.tags.map((name) => ({ name })),
    });
  }
  return out;
}

/** The `Event` body of `events/add` and `events/edit` for a case. */
export function caseToEvent(kase: CaseForExport, server: MispServerConfig, attributes: MispAttributeDraft[]) {
  const tags = [
    ...server.exportTags,
    ...(server.exportCaseTags ? kase.tags : []),
    TLP_NAMES[kase.tlp] ?? 'tlp:amber',
  ];
  return {
    info: `#${kase.number} ${kase.title}`,
    date: new Date(kase.startDate).toISOString().slice(0, 10),
    threat_level_id: String(Math.max(1, 4 - Math.min(3, Math.max(1, kase.severity)))),
    analysis: '0',
    distribution: '0',
    published: false,
    Tag: [...new Set(tags)].map((name) => ({ name })),
    Attribute: attributes,
  };
}

/** The attributes not in the event yet (same type and value). */
export function missingAttributes(
  wanted: readonly MispAttributeDraft[],
  present: readonly MispAttribute[],
): MispAttributeDraft[] {
  const have = new Set(present.filter((a) => !truthy(a.deleted)).map((a) => `${a.type}\u0000${a.value}`));
  return wanted.filter((a) => !have.has(`${a.type}\u0000${a.value}`));
}
