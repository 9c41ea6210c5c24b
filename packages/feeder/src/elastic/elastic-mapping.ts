/**
 * Search hits to alert drafts: the feeder's JSONata mapping when it has one (evaluated on the hit's
 * `_source` with `_id` and `_index` added), else a mapping of the Elastic Common Schema: the rule
 * or event name as the title, the hit id as the sourceRef, the usual ECS fields as observables.
 */
import type { AlertDraft, ObservableDraft } from '../alert-draft.js';
import { dedupObservables } from '../alert-draft.js';
import type { AlertDefaults } from '../feeder-definition.js';
import type { FeedFailure } from '../runtime.js';
import { compileMapping } from '../webhook/jsonata-mapping.js';

export interface SearchHit {
  _id: string;
  _index: string;
  _source: Record<string, unknown>;
}

/** A dotted ECS path (`source.ip`), whether the document nests it or writes it flat. */
function field(doc: Record<string, unknown>, dotted: string): unknown {
  if (dotted in doc) return doc[dotted];
  let cur: unknown = doc;
  for (const part of dotted.split('.'))
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

const ECS_OBSERVABLES: Array<[string, string]> = [
  ['source.ip', 'ip'],
  ['destination.ip', 'ip'],
  ['client.ip', 'ip'],
  ['host.name', 'hostname'],
  ['host.hostname', 'hostname'],
  ['user.name', 'other'],
  ['url.full', 'url'],
  ['url.original', 'url'],
  ['dns.question.name', 'domain'],
  ['destination.domain', 'domain'],
  ['file.hash.sha256', 'hash'],
  ['file.hash.md5', 'hash'],
  ['process.hash.sha256', 'hash'],
  ['email.from.address', 'mail'],
];

/** ECS `event.severity` or `log.level` to TheHive's 1–4. */
function severityOf(doc: Record<string, unknown>): number | undefined {
  const s = field(doc, 'event.severity');
  if (typeof s === 'number') return s >= 73 ? 4 : s >= 47 ? 3 : s >= 21 ? 2 : 1;
  const level = text(field(doc, 'log.level'))?.toLowerCase();
  if (!level) return undefined;
  return /crit|alert|emerg/.test(level) ? 4 : /err/.test(level) ? 3 : /warn/.test(level) ? 2 : 1;
}

export function ecsDraft(hit: SearchHit, defaults: AlertDefaults, feederName: string): AlertDraft {
  const doc = hit._source;
  const title =
    text(field(doc, 'rule.name')) ??
    text(field(doc, 'kibana.alert.rule.name')) ??
    text(field(doc, 'event.action')) ??
    text(field(doc, 'message')) ??
    `Document ${hit._id}`;
  const observables: ObservableDraft[] = [];
  for (const [path, dataType] of ECS_OBSERVABLES)
    for (const value of [field(doc, path)].flat()) {
      const data = text(value);
      if (data) observables.push({ dataType, data, tags: [`ecs:${path}`] });
    }
  const stamp = Date.parse(String(field(doc, '@timestamp') ?? ''));
  return {
    type: defaults.type ?? 'elastic',
    source: defaults.source ?? feederName,
    sourceRef: hit._id,
    title: title.slice(0, 250),
    description: ['```json', JSON.stringify(doc, null, 2).slice(0, 60_000), '```'].join('\n'),
    severity: severityOf(doc) ?? defaults.severity,
    tlp: defaults.tlp,
    pap: defaults.pap,
    tags: [...new Set([...(defaults.tags ?? []), `index:${hit._index}`])],
    date: Number.isFinite(stamp) ? stamp : undefined,
    caseTemplate: defaults.caseTemplate,
    observables: dedupObservables(observables),
  };
}

export function hitMapper(mapping: string | undefined, defaults: AlertDefaults, feederName: string) {
  const withSource = { ...defaults, type: defaults.type ?? 'elastic', source: defaults.source ?? feederName };
  const compiled = mapping ? compileMapping(mapping, withSource, { nothingIsNoAlert: true }) : undefined;
  return async (hits: SearchHit[]): Promise<{ drafts: AlertDraft[]; failures: FeedFailure[] }> => {
    const drafts: AlertDraft[] = [];
    const failures: FeedFailure[] = [];
    for (const hit of hits) {
      if (!compiled) {
        drafts.push(ecsDraft(hit, defaults, feederName));
        continue;
      }
      try {
        drafts.push(...(await compiled.apply({ ...hit._source, _id: hit._id, _index: hit._index })));
      } catch (error) {
        failures.push({ ref: `${hit._index}/${hit._id}`, reason: (error as Error).message });
      }
    }
    return { drafts, failures };
  };
}
