/**
 * STIX 2.1 bundles in (docs/stix-taxii.md), without I/O: `checkStixBundle` holds a bundle to the
 * STIX 2.1 rules a consumer relies on (bundle and object ids, spec_version, timestamps, required
 * properties of indicators and relationships, identifiers in references, indicator patterns by
 * the patterning grammar) and lists every problem with its place; `bundleToDraft` reads an alert
 * draft out of a valid bundle: the report, incident or grouping as title and description, the
 * indicators' comparisons as IOC observables, the SCOs as observables (tagged with the labels of
 * the observed-data referring to them), the TLP markings, labels and ATT&CK techniques as tags.
 */
import type { AlertDraft, ObservableDraft } from '@propolis/feeder';
import { PatternError, parseStixPattern } from './stix-pattern.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const IDENTIFIER = new RegExp(`^([a-z0-9][a-z0-9-]{1,248}[a-z0-9])--${UUID}$`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;

/** STIX Cyber-observable Object types of the 2.1 specification (§6). */
const SCO_TYPES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

export const MAX_BUNDLE_OBJECTS = 10_000;
const MAX_PROBLEMS = 10;

const isTimestamp = (v: unknown): v is string =>
  typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v));

/** The problems of a bundle by the STIX 2.1 rules; empty when it is valid. */
export function checkStixBundle(bundle: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(bundle)) return ['the body must be a STIX bundle object ({"type": "bundle", …})'];
  if (bundle.type !== 'bundle') problems.push(`type: must be "bundle", got ${JSON.stringify(bundle.type)}`);
  if (typeof bundle.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(bundle.id))
    problems.push('id: must be "bundle--<uuid>"');
  if ('spec_version' in bundle)
    problems.push('spec_version: a STIX 2.1 bundle has none (2.0 bundles had one); put it on the objects');
  if (!Array.isArray(bundle.objects)) {
    problems.push('objects: must be a list of STIX objects');
    return problems;
  }
  if (bundle.objects.length > MAX_BUNDLE_OBJECTS)
    return [...problems, `objects: at most ${MAX_BUNDLE_OBJECTS} objects in one bundle`];
  for (const [i, o] of bundle.objects.entries()) {
    if (problems.length > MAX_PROBLEMS) break;
    const at = (prop: string, why: string) =>
      problems.push(
        `objects[${i}]${isObj(o) && typeof o.id === 'string' ? ` (${o.id})` : ''}: ${prop}: ${why}`,
      );
    if (!isObj(o)) {
      problems.push(`objects[${i}]: must be an object`);
      continue;
    }
    const type = o.type;
    if (typeof type !== 'string' || !TYPE.test(type)) {
      at('type', 'must be 3-250 lowercase letters, digits and hyphens');
      continue;
    }
    const idMatch = typeof o.id === 'string' ? IDENTIFIER.exec(o.id) : null;
    if (!idMatch || idMatch[1] !== type) at('id', `must be "${type}--<uuid>"`);
    const sco = SCO_TYPES.has(type);
    if (sco) {
      if (o.spec_version !== undefined && o.spec_version !== '2.1') at('spec_version', 'must be "2.1"');
    } else {
      if (o.spec_version !== '2.1')
        at('spec_version', `must be "2.1", got ${JSON.stringify(o.spec_version)}`);
      if (!isTimestamp(o.created)) at('created', 'must be a timestamp like 2026-12-05T10:00:00.000Z');
      if (type !== 'marking-definition') {
        if (!isTimestamp(o.modified)) at('modified', 'must be a timestamp like 2026-12-05T10:00:00.000Z');
        else if (isTimestamp(o.created) && Date.parse(o.modified) < Date.parse(o.created))
          at('modified', 'must not be before created');
      }
    }
    for (const [key, value] of Object.entries(o)) {
      // custom properties (x_…) follow their producer's rules, not the specification's
      if (key.startsWith('x_')) continue;
      if (key.endsWith('_ref') && (typeof value !== 'string' || !IDENTIFIER.test(value)))
        at(key, 'must be a STIX identifier "<type>--<uuid>"');
      if (
        key.endsWith('_refs') &&
        (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !IDENTIFIER.test(v)))
      )
        at(key, 'must be a list of STIX identifiers');
    }
    if (o.labels !== undefined && (!Array.isArray(o.labels) || o.labels.some((l) => typeof l !== 'string')))
      at('labels', 'must be a list of strings');
    if (type === 'indicator') {
      if (typeof o.pattern !== 'string' || o.pattern === '') at('pattern', 'is required');
      if (typeof o.pattern_type !== 'string' || o.pattern_type === '') at('pattern_type', 'is required');
      if (!isTimestamp(o.valid_from)) at('valid_from', 'must be a timestamp');
      if (o.valid_until !== undefined) {
        if (!isTimestamp(o.valid_until)) at('valid_until', 'must be a timestamp');
        else if (isTimestamp(o.valid_from) && Date.parse(o.valid_until) <= Date.parse(o.valid_from))
          at('valid_until', 'must be after valid_from');
      }
      if (o.pattern_type === 'stix' && typeof o.pattern === 'string' && o.pattern !== '') {
        try {
          parseStixPattern(o.pattern);
        } catch (error) {
          if (!(error instanceof PatternError)) throw error;
          at('pattern', error.message);
        }
      }
    }
    if (type === 'relationship') {
      if (typeof o.relationship_type !== 'string' || o.relationship_type === '')
        at('relationship_type', 'is required');
      if (o.source_ref === undefined) at('source_ref', 'is required');
      if (o.target_ref === undefined) at('target_ref', 'is required');
    }
    if (type === 'sighting' && o.sighting_of_ref === undefined) at('sighting_of_ref', 'is required');
  }
  if (problems.length > MAX_PROBLEMS) return [...problems.slice(0, MAX_PROBLEMS), 'and more'];
  return problems;
}

/** The TLP 1.0 marking definitions of STIX 2.1 (§7.2.1.4) → Propolis TLP. */
const TLP_OF_MARKING: Record<string, number> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 0,
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 1,
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 2,
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 4,
};
const TLP_OF_NAME: Record<string, number> = {
  white: 0,
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
};

const HASH_LENGTHS: Record<string, number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128 };

/** Observable type and value of an SCO property, or undefined when Propolis has no type for it. */
function observableOf(
  objectType: string,
  path: string,
  value: unknown,
): { dataType: string; data: string } | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const data = String(value);
  if (data === '') return undefined;
  switch (`${objectType}:${path.replace(/^hashes\.'?([^']+)'?$/, 'hashes')}`) {
    case 'ipv4-addr:value':
    case 'ipv6-addr:value':
      return data.includes('/') ? { dataType: 'other', data } : { dataType: 'ip', data };
    case 'domain-name:value':
      return { dataType: 'domain', data };
    case 'url:value':
      return { dataType: 'url', data };
    case 'email-addr:value':
      return { dataType: 'mail', data };
    case 'email-message:subject':
      return { dataType: 'mail-subject', data };
    case 'file:name':
      return { dataType: 'filename', data };
    case 'file:hashes':
      return { dataType: 'hash', data: data.toLowerCase() };
    case 'windows-registry-key:key':
      return { dataType: 'registry', data };
    case 'autonomous-system:number':
      return { dataType: 'autonomous-system', data };
    default:
      return undefined;
  }
}

/** The observables of one SCO (a file gives its name and each of its hashes). */
function scoObservables(o: Obj): { dataType: string; data: string }[] {
  const type = String(o.type);
  const out: { dataType: string; data: string }[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (key === 'hashes' && isObj(value)) {
      for (const [algo, hash] of Object.entries(value)) {
        const length = HASH_LENGTHS[algo.toUpperCase()];
        if (typeof hash === 'string' && (!length || hash.length === length)) {
          const mapped = observableOf(type, `hashes.'${algo}'`, hash);
          if (mapped) out.push(mapped);
        }
      }
      continue;
    }
    const mapped = observableOf(type, key, value);
    if (mapped) out.push(mapped);
  }
  return out;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The alert a valid bundle becomes (`type` stix, `sourceRef` its report/incident/grouping or bundle id). */
export function bundleToDraft(bundle: Obj): AlertDraft {
  const objects = (bundle.objects as unknown[]).filter(isObj);
  const byId = new Map(objects.map((o) => [String(o.id), o]));
  const main =
    objects.find((o) => o.type === 'report') ??
    objects.find((o) => o.type === 'incident') ??
    objects.find((o) => o.type === 'grouping');
  const creator = byId.get(
    String(main?.created_by_ref ?? objects.find((o) => o.created_by_ref)?.created_by_ref),
  );
  const source = (typeof creator?.name === 'string' && creator.name.trim()) || 'STIX';

  // TLP: the main object's markings, else the strictest marking of the bundle
  const tlpOf = (refs: unknown): number | undefined => {
    let tlp: number | undefined;
    for (const ref of strings(refs)) {
      let value = TLP_OF_MARKING[ref];
      const marking = byId.get(ref);
      if (value === undefined && marking?.definition_type === 'tlp' && isObj(marking.definition))
        value = TLP_OF_NAME[String(marking.definition.tlp).toLowerCase()];
      if (value !== undefined) tlp = Math.max(tlp ?? 0, value);
    }
    return tlp;
  };
  const tlp =
    tlpOf(main?.object_marking_refs) ??
    objects.reduce<number | undefined>((max, o) => {
      const t = tlpOf(o.object_marking_refs);
      return t === undefined ? max : Math.max(max ?? 0, t);
    }, undefined) ??
    2;

  const techniques = objects
    .filter((o) => o.type === 'attack-pattern' && Array.isArray(o.external_references))
    .flatMap((o) =>
      (o.external_references as unknown[])
        .filter(isObj)
        .filter((r) => r.source_name === 'mitre-attack' && typeof r.external_id === 'string')
        .map((r) => `mitre-attack:${r.external_id}`),
    );
  const tags = [...new Set([...strings(main?.labels), ...techniques])];

  const observables = new Map<string, ObservableDraft>();
  const add = (o: { dataType: string; data: string }, extra: Partial<ObservableDraft>) => {
    const key = `${o.dataType}\u0000${o.data}`;
    const known = observables.get(key);
    if (known) {
      known.ioc = known.ioc || extra.ioc;
      if (extra.tags?.length) known.tags = [...new Set([...(known.tags ?? []), ...extra.tags])];
      if (!known.message && extra.message) known.message = extra.message;
      return;
    }
    observables.set(key, { ...o, ...extra });
  };
  for (const o of objects) {
    if (o.type !== 'indicator' || o.pattern_type !== 'stix' || typeof o.pattern !== 'string') continue;
    const message = [o.name, o.description].filter((s) => typeof s === 'string' && s !== '').join(' — ');
    for (const c of parseStixPattern(o.pattern)) {
      if (c.operator !== '=' || c.negated) continue;
      const mapped = observableOf(c.objectType, c.path, c.value);
      if (mapped) add(mapped, { ioc: true, message: message || undefined, tags: strings(o.labels) });
    }
  }
  // an observed-data's labels are the tags of the observables it refers to
  const scoLabels = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type !== 'observed-data') continue;
    for (const ref of strings(o.object_refs))
      scoLabels.set(ref, [...new Set([...(scoLabels.get(ref) ?? []), ...strings(o.labels)])]);
  }
  for (const o of objects) {
    if (!SCO_TYPES.has(String(o.type))) continue;
    const labels = scoLabels.get(String(o.id)) ?? [];
    for (const mapped of scoObservables(o))
      add(mapped, { ioc: false, ...(labels.length ? { tags: labels } : {}) });
  }

  const name = typeof main?.name === 'string' && main.name.trim() ? main.name.trim() : undefined;
  const created = Date.parse(String(main?.created ?? ''));
  return {
    type: 'stix',
    source: source.slice(0, 512),
    sourceRef: String(main?.id ?? bundle.id),
    title: (name ?? `STIX bundle from ${source}`).slice(0, 512),
    description:
      (typeof main?.description === 'string' && main.description) ||
      `Imported from the STIX 2.1 bundle ${String(bundle.id)} (${objects.length} objects).`,
    severity: 2,
    tlp,
    tags,
    date: Number.isFinite(created) ? created : undefined,
    observables: [...observables.values()],
  };
}
