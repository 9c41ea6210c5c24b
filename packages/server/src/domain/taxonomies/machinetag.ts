/**
 * MISP taxonomies (`machinetag.json`, as in MISP's taxonomies repository and TheHive's
 * InputTaxonomy): a namespace, a description, a version, predicates and, per predicate, values.
 * A predicate with values gives one tag per value (`namespace:predicate="value"`), a predicate
 * without values one tag (`namespace:predicate`).
 */
import { badRequest } from '@propolis/core';

export const DEFAULT_TAG_COLOUR = '#000000';
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const MAX_NAMESPACE = 128;
const MAX_PART = 255;

export interface TaxonomyTag {
  predicate: string;
  value: string | null;
  description: string | null;
  colour: string;
}

export interface ParsedTaxonomy {
  namespace: string;
  description: string;
  version: number;
  tags: TaxonomyTag[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function checkColour(colour: unknown, field = 'colour'): string {
  if (typeof colour !== 'string' || !COLOUR.test(colour))
    throw badRequest(`${field}: must be a colour written #rrggbb, got ${JSON.stringify(colour)}`);
  return colour.toLowerCase();
}

const colourOr = (v: unknown, fallback: string) =>
  typeof v === 'string' && COLOUR.test(v) ? v.toLowerCase() : fallback;

export function parseTaxonomy(input: unknown, where = 'taxonomy'): ParsedTaxonomy {
  if (!isObj(input)) throw badRequest(`${where}: must be a MISP taxonomy object (machinetag.json)`);
  const namespace = text(input.namespace)?.trim();
  if (!namespace) throw badRequest(`${where}.namespace: is required`);
  if (namespace.length > MAX_NAMESPACE || /[:"\s]/.test(namespace))
    throw badRequest(`${where}.namespace: at most ${MAX_NAMESPACE} characters, without spaces, ':' or '"'`);
  const version = input.version === undefined ? 1 : Number(input.version);
  if (!Number.isSafeInteger(version) || version < 0 || version > 2_147_483_647)
    throw badRequest(`${where}.version: must be a whole number`);
  if (!Array.isArray(input.predicates) || input.predicates.length === 0)
    throw badRequest(`${where}.predicates: at least one predicate is required`);
  const valuesOf = new Map<string, Obj[]>();
  for (const v of Array.isArray(input.values) ? input.values : [])
    if (isObj(v) && typeof v.predicate === 'string' && Array.isArray(v.entry))
      valuesOf.set(v.predicate, [...(valuesOf.get(v.predicate) ?? []), ...v.entry.filter(isObj)]);
  const tags: TaxonomyTag[] = [];
  const seen = new Set<string>();
  for (const [i, p] of input.predicates.entries()) {
    const predicate = isObj(p) ? text(p.value) : null;
    if (!predicate || predicate.length > MAX_PART)
      throw badRequest(`${where}.predicates[${i}].value: is required, at most ${MAX_PART} characters`);
    const pColour = colourOr((p as Obj).colour, DEFAULT_TAG_COLOUR);
    const pDescription = text((p as Obj).description) ?? text((p as Obj).expanded);
    const entries = valuesOf.get(predicate) ?? [];
    const add = (tag: TaxonomyTag) => {
      const key = `${tag.predicate}\u0000${tag.value}`;
      if (!seen.has(key)) tags.push(tag);
      seen.add(key);
    };
    if (entries.length === 0) add({ predicate, value: null, description: pDescription, colour: pColour });
    for (const [j, e] of entries.entries()) {
      const value = text(e.value);
      if (!value || value.length > MAX_PART)
        throw badRequest(
          `${where}.values (${predicate})[${j}].value: is required, at most ${MAX_PART} characters`,
        );
      add({
        predicate,
        value,
        description: text(e.description) ?? text(e.expanded),
        colour: colourOr(e.colour, pColour),
      });
    }
  }
  return { namespace, description: text(input.description) ?? namespace, version, tags };
}

/** A tag as text: `namespace:predicate="value"`, or `namespace:predicate`. */
export const tagText = (namespace: string, predicate: string, value: string | null) =>
  value === null ? `${namespace}:${predicate}` : `${namespace}:${predicate}="${value}"`;

/** The parts of a tag's text; a free tag is `_freetags_` / the text. */
export function tagParts(tag: string): { namespace: string; predicate: string; value: string | null } {
  const m = /^([^:"\s]+):([^="]+?)(?:="(.*)")?$/.exec(tag);
  if (!m) return { namespace: '_freetags_', predicate: tag, value: tag };
  return { namespace: m[1]!, predicate: m[2]!, value: m[3] ?? null };
}
