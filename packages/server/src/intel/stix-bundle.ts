/**
 * A case as a STIX 2.1 bundle (docs/misp.md#stix-21-export), without I/O: the organisation as an
 * `identity`, the case as an `incident`, its observables as SCOs (deterministic UUIDv5 ids over
 * their ID contributing properties, so the same value has the same id everywhere) gathered by one
 * `observed-data`, each IOC as an `indicator` with a STIX pattern, `relationship`s between them,
 * the case's procedures as ATT&CK `attack-pattern`s, its comments as `note`s, and the case's TLP as
 * the spec's TLP marking definition.
 */
import { createHash, randomUUID } from 'node:crypto';

/** STIX 2.1's namespace for SCO ids (spec §2.9). */
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** A namespace of Propolis for the ids of the objects it derives from its own rows. */
const PROPOLIS_NAMESPACE = 'a9c3b0e4-6d4f-5c1e-9f21-7e0b4d2c8a15';

export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with sorted keys (RFC 8785 for the simple values used here). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The TLP marking definitions of the STIX 2.1 specification (§7.2.1.4). */
const TLP_MARKINGS = [
  { tlp: 'white', id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9' },
  { tlp: 'green', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da' },
  { tlp: 'amber', id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82' },
  { tlp: 'red', id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed' },
] as const;
/** Propolis TLP (0 CLEAR … 4 RED) → the spec's markings; AMBER+STRICT is marked AMBER. */
const markingOf = (tlp: number) => TLP_MARKINGS[[0, 1, 2, 2, 3][tlp] ?? 2]!;

export interface StixCase {
  id: number;
  number: number;
  title: string;
  description: string;
  severity: number;
  tlp: number;
  tags: string[];
  createdAt: number;
  updatedAt: number | null;
  organisation: string;
}

export interface StixObservable {
  id: number;
  /** The observable's own TLP (0 CLEAR … 4 RED), when it has one (set by an observable export). */
  tlp?: number;
  dataType: string;
  data: string | null;
  ioc: boolean;
  message: string | null;
  tags: string[];
  createdAt: number;
  updatedAt: number | null;
}

/** A procedure of the case: an ATT&CK technique of the catalog, with its tactic and note. */
export interface StixProcedure {
  patternId: string;
  name: string;
  url: string;
  tactic: string | null;
  description: string | null;
  occurDate: number;
}

/** A comment of the case: a STIX `note` about the incident. */
export interface StixNote {
  id: number;
  message: string;
  author: string;
  createdAt: number;
  updatedAt: number | null;
}

export type StixObject = Record<string, unknown> & { type: string; id: string };

const time = (ms: number) => new Date(ms).toISOString();
/** A string inside a STIX pattern: backslash and quote escaped. */
const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const HASH_NAMES: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };

/** The SCO of an observable and the pattern path of its value, or undefined when STIX has none. */
function scoOf(o: StixObservable): { sco: StixObject; path: string; value: string } | undefined {
  const data = o.data;
  if (data === null) return undefined;
  const make = (type: string, props: Record<string, unknown>, idProps: Record<string, unknown>) => ({
    type,
    spec_version: '2.1',
    id: `${type}--${uuidv5(canonical(idProps), SCO_NAMESPACE)}`,
    ...props,
  });
  /** An SCO identified by one property, matched on it. */
  const one = (type: string, prop: string, v: string | number) => ({
    sco: make(type, { [prop]: v }, { [prop]: v }),
    path: `${type}:${prop}`,
    value: String(v),
  });
  switch (o.dataType) {
    case 'ip':
      return one(data.includes(':') ? 'ipv6-addr' : 'ipv4-addr', 'value', data);
    case 'domain':
    case 'fqdn':
    case 'hostname':
      return one('domain-name', 'value', data);
    case 'url':
      return one('url', 'value', data);
    case 'mail':
      return one('email-addr', 'value', data);
    case 'filename':
      return one('file', 'name', data);
    case 'registry':
      return one('windows-registry-key', 'key', data);
    case 'hash': {
      const name = /^[0-9a-f]+$/i.test(data) ? HASH_NAMES[data.length] : undefined;
      if (!name) return undefined;
      const hashes = { [name]: data.toLowerCase() };
      return {
        sco: make('file', { hashes }, { hashes }),
        path: `file:hashes.'${name}'`,
        value: data.toLowerCase(),
      };
    }
    case 'autonomous-system': {
      const n = Number(data.replace(/^AS/i, ''));
      if (!Number.isInteger(n) || n < 0) return undefined;
      return one('autonomous-system', 'number', n);
    }
    default:
      return undefined;
  }
}

/** The `identity` of an organisation, the `created_by_ref` of what it publishes. */
export function organisationIdentity(organisation: string): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${uuidv5(`organisation:${organisation}`, PROPOLIS_NAMESPACE)}`,
    created: time(0),
    modified: time(0),
    name: organisation,
    identity_class: 'organization',
  };
}

const commonOf = (identityId: string, tlp: number) => (created: number, updated: number | null) => ({
  spec_version: '2.1',
  created: time(created),
  modified: time(Math.max(created, updated ?? created)),
  created_by_ref: identityId,
  object_marking_refs: [markingOf(tlp).id],
});

/** The indicator of an observable: its pattern on the mapped value, valid from its creation, its tags as labels. */
function indicatorOf(
  id: string,
  common: Record<string, unknown>,
  o: StixObservable,
  mapped: { path: string; value: string },
): StixObject {
  return {
    type: 'indicator',
    id,
    ...common,
    name: `${o.dataType}: ${o.data}`,
    ...(o.message ? { description: o.message } : {}),
    indicator_types: ['malicious-activity'],
    pattern: `[${mapped.path} = ${quoted(mapped.value)}]`,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: time(o.createdAt),
    ...(o.tags.length ? { labels: o.tags } : {}),
  };
}

/**
 * The `indicator` of an IOC observable of a case (undefined when STIX has no pattern for its
 * type): its id is stable for the observable, so a TAXII consumer and a case export name it alike.
 */
export function observableIndicator(
  kase: Pick<StixCase, 'id' | 'organisation' | 'tlp'>,
  o: StixObservable,
): StixObject | undefined {
  const mapped = scoOf(o);
  if (!mapped) return undefined;
  const common = commonOf(organisationIdentity(kase.organisation).id, kase.tlp);
  return indicatorOf(
    `indicator--${uuidv5(`${kase.organisation}:case:${kase.id}:observable:${o.id}`, PROPOLIS_NAMESPACE)}`,
    common(o.createdAt, o.updatedAt),
    o,
    mapped,
  );
}

/** The marking definition object of a TLP. */
export function tlpMarkingDefinition(tlp: number): StixObject {
  const marking = markingOf(tlp);
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: marking.id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${marking.tlp.toUpperCase()}`,
    definition: { tlp: marking.tlp },
  };
}

/** The bundle of a case; observables without a STIX type (user agents, subjects, files…) are left out. */
export function caseToStixBundle(
  kase: StixCase,
  observables: readonly StixObservable[],
  procedures: readonly StixProcedure[] = [],
  notes: readonly StixNote[] = [],
) {
  const identity = organisationIdentity(kase.organisation);
  const common = commonOf(identity.id, kase.tlp);
  const caseKey = `${kase.organisation}:case:${kase.id}`;
  const incident: StixObject = {
    type: 'incident',
    id: `incident--${uuidv5(caseKey, PROPOLIS_NAMESPACE)}`,
    ...common(kase.createdAt, kase.updatedAt),
    name: `#${kase.number} ${kase.title}`,
    description: kase.description,
    ...(kase.tags.length ? { labels: kase.tags } : {}),
    external_references: [{ source_name: 'propolis', external_id: `case-${kase.number}` }],
  };
  const objects: StixObject[] = [identity, incident];
  const scos = new Map<string, StixObject>();
  const indicators: StixObject[] = [];
  for (const o of observables) {
    const mapped = scoOf(o);
    if (!mapped) continue;
    scos.set(mapped.sco.id, mapped.sco);
    if (!o.ioc) continue;
    const indicator = observableIndicator(kase, o);
    if (indicator) indicators.push(indicator);
  }
  const relationship = (kind: string, source: string, target: string, at: number): StixObject => ({
    type: 'relationship',
    id: `relationship--${uuidv5(`${kind}:${source}:${target}`, PROPOLIS_NAMESPACE)}`,
    ...common(at, null),
    relationship_type: kind,
    source_ref: source,
    target_ref: target,
  });
  if (scos.size) {
    const observed: StixObject = {
      type: 'observed-data',
      id: `observed-data--${uuidv5(`${caseKey}:observed`, PROPOLIS_NAMESPACE)}`,
      ...common(kase.createdAt, kase.updatedAt),
      first_observed: time(Math.min(...observables.map((o) => o.createdAt))),
      last_observed: time(Math.max(...observables.map((o) => o.updatedAt ?? o.createdAt))),
      number_observed: 1,
      object_refs: [...scos.keys()],
    };
    objects.push(...scos.values(), observed);
    objects.push(relationship('related-to', observed.id, incident.id, kase.createdAt));
    for (const i of indicators) {
      objects.push(i);
      objects.push(relationship('related-to', i.id, incident.id, kase.createdAt));
      objects.push(relationship('based-on', i.id, observed.id, kase.createdAt));
    }
  }
  // the case's procedures: one attack-pattern per technique (an id of Propolis's, referring to
  // MITRE's by its ATT&CK id: MITRE's own object keeps its id and versions), related to the incident
  const patterns = new Map<string, StixObject>();
  for (const p of procedures) {
    let pattern = patterns.get(p.patternId);
    if (!pattern) {
      pattern = {
        type: 'attack-pattern',
        id: `attack-pattern--${uuidv5(`attack-pattern:${p.patternId}`, PROPOLIS_NAMESPACE)}`,
        ...common(kase.createdAt, null),
        name: p.name,
        external_references: [{ source_name: 'mitre-attack', external_id: p.patternId, url: p.url }],
        kill_chain_phases: [] as { kill_chain_name: string; phase_name: string }[],
      };
      patterns.set(p.patternId, pattern);
      objects.push(pattern);
    }
    const phases = pattern.kill_chain_phases as { kill_chain_name: string; phase_name: string }[];
    // ATT&CK's phase names: "Inhibit Response Function" → inhibit-response-function
    const phase = p.tactic?.trim().toLowerCase().replace(/\s+/g, '-');
    if (phase && !phases.some((k) => k.phase_name === phase))
      phases.push({ kill_chain_name: 'mitre-attack', phase_name: phase });
    objects.push({
      ...relationship('related-to', incident.id, pattern.id, p.occurDate),
      ...(p.description ? { description: p.description } : {}),
    });
  }
  for (const pattern of patterns.values())
    if ((pattern.kill_chain_phases as unknown[]).length === 0) delete pattern.kill_chain_phases;
  // the case's comments: notes about the incident
  for (const n of notes)
    objects.push({
      type: 'note',
      id: `note--${uuidv5(`${caseKey}:comment:${n.id}`, PROPOLIS_NAMESPACE)}`,
      ...common(n.createdAt, n.updatedAt),
      content: n.message,
      authors: [n.author],
      object_refs: [incident.id],
    });
  objects.push(tlpMarkingDefinition(kase.tlp));
  return {
    type: 'bundle',
    id: `bundle--${randomUUID()}`,
    objects,
  };
}

/** Where the observables of an observable export come from: named in ids, descriptions and labels. */
export interface StixObservableSource {
  /** A stable key of the source (`case:12`, `alert:7`, `query`), for the ids of derived objects. */
  key: string;
  /** What the bundle holds, in words (the grouping's name). */
  name: string;
  organisation: string;
}

/**
 * The bundle of a set of observables (a case's, an alert's, a query's): per observable its SCO and
 * an `observed-data` carrying its tags as `labels` and its TLP as marking; per IOC an `indicator`
 * with its STIX pattern, labels and marking, `based-on` its observed-data; a `grouping` of them all
 * and the TLP marking definitions used. Importing it gives the same observables back (type, value,
 * IOC flag, tags). Observables without a STIX type are left out and counted in `skipped`.
 */
export function observablesToStixBundle(
  source: StixObservableSource,
  observables: readonly (StixObservable & { tlp: number })[],
): { bundle: { type: 'bundle'; id: string; objects: StixObject[] }; skipped: number } {
  const identity = organisationIdentity(source.organisation);
  const objects: StixObject[] = [identity];
  const tlps = new Set<number>();
  const refs: string[] = [];
  const scos = new Map<string, StixObject>();
  let skipped = 0;
  for (const o of observables) {
    const mapped = scoOf(o);
    if (!mapped) {
      skipped += 1;
      continue;
    }
    tlps.add(o.tlp);
    const common = commonOf(identity.id, o.tlp)(o.createdAt, o.updatedAt);
    const labels = o.tags.length ? { labels: o.tags } : {};
    if (!scos.has(mapped.sco.id)) {
      scos.set(mapped.sco.id, mapped.sco);
      objects.push(mapped.sco);
    }
    const observed: StixObject = {
      type: 'observed-data',
      id: `observed-data--${uuidv5(`${source.organisation}:${source.key}:observable:${o.id}`, PROPOLIS_NAMESPACE)}`,
      ...common,
      first_observed: time(o.createdAt),
      last_observed: time(Math.max(o.createdAt, o.updatedAt ?? o.createdAt)),
      number_observed: 1,
      object_refs: [mapped.sco.id],
      ...labels,
    };
    objects.push(observed);
    refs.push(observed.id);
    if (!o.ioc) continue;
    const indicator = indicatorOf(
      `indicator--${uuidv5(`${source.organisation}:${source.key}:indicator:${o.id}`, PROPOLIS_NAMESPACE)}`,
      common,
      o,
      mapped,
    );
    objects.push(indicator, {
      type: 'relationship',
      id: `relationship--${uuidv5(`based-on:${indicator.id}:${observed.id}`, PROPOLIS_NAMESPACE)}`,
      ...common,
      relationship_type: 'based-on',
      source_ref: indicator.id,
      target_ref: observed.id,
    });
    refs.push(indicator.id);
  }
  if (refs.length) {
    const first = Math.min(...observables.map((o) => o.createdAt));
    const tlp = Math.max(...tlps);
    objects.push({
      type: 'grouping',
      id: `grouping--${uuidv5(`${source.organisation}:${source.key}`, PROPOLIS_NAMESPACE)}`,
      ...commonOf(identity.id, tlp)(first, Math.max(...observables.map((o) => o.updatedAt ?? o.createdAt))),
      name: source.name,
      context: 'suspicious-activity',
      object_refs: refs,
    });
  }
  for (const tlp of [...tlps].sort()) {
    const marking = tlpMarkingDefinition(tlp);
    if (!objects.some((o) => o.id === marking.id)) objects.push(marking);
  }
  return { bundle: { type: 'bundle', id: `bundle--${randomUUID()}`, objects }, skipped };
}
