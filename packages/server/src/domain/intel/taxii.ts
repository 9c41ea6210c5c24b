/**
 * TAXII 2.1 collections of an organisation (docs/stix-taxii.md): collections of the indicators of
 * its IOC observables — of all its cases, and of its closed cases — and an inbox whose POSTed
 * objects become alerts (domain/intel/taxii-write.ts); what each allows comes from the `taxii`
 * configuration (`taxii.collections.<alias>.canRead/canWrite`). Collection ids
 * are derived from the organisation, so another organisation's collection is unknown (404).
 * Objects are paged by a keyset over (date added, observable id): `limit`, an opaque `next`,
 * `added_after`, and the `match[...]` filters of the specification.
 */
import { badRequest, forbidden, notFound } from '@propolis/core';
import type { TaxiiCollectionAlias } from '../../connectors/taxii/taxii-config.js';
import { type IocRow, iocPage } from '../../db/repositories/taxii-iocs.js';
import { observableIndicator, type StixObject, uuidv5 } from '../../intel/stix-bundle.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const NAMESPACE = '6b0f1c2e-8d5a-5e43-9b7c-3f2a1d0e4c58';
export const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;

interface CollectionKind {
  kind: TaxiiCollectionAlias;
  title: (org: string) => string;
  description: string;
  closedOnly: boolean;
}

const KINDS: CollectionKind[] = [
  {
    kind: 'iocs',
    title: (org) => `IOCs of ${org}`,
    description: 'Indicators of the observables marked IOC in the cases of the organisation',
    closedOnly: false,
  },
  {
    kind: 'closed-iocs',
    title: (org) => `IOCs of closed cases of ${org}`,
    description: 'Indicators of the observables marked IOC in the closed cases of the organisation',
    closedOnly: true,
  },
  {
    kind: 'inbox',
    title: (org) => `Inbox of ${org}`,
    description: 'STIX objects posted here become alerts of the organisation',
    closedOnly: false,
  },
];

const collectionId = (ctx: RequestContext, kind: string) =>
  uuidv5(`taxii:${ctx.actor.organisationId}:${kind}`, NAMESPACE);

/** The collections of the caller's organisation that allow anything (reading or writing). */
export function taxiiCollections(deps: Deps, ctx: RequestContext) {
  return KINDS.flatMap((k) => {
    const access = deps.config.taxii.collections[k.kind];
    if (!access.canRead && !access.canWrite) return [];
    return [
      {
        id: collectionId(ctx, k.kind),
        title: k.title(ctx.actor.organisationName),
        description: k.description,
        alias: k.kind,
        can_read: access.canRead,
        can_write: access.canWrite,
        media_types: [STIX_MEDIA_TYPE],
      },
    ];
  });
}

export function taxiiCollection(deps: Deps, ctx: RequestContext, id: string) {
  const found = taxiiCollections(deps, ctx).find((c) => c.id === id);
  if (!found) throw notFound(`Collection ${id} not found`);
  return found;
}

const kindOf = (deps: Deps, ctx: RequestContext, id: string, use: 'read' | 'write') => {
  const found = taxiiCollection(deps, ctx, id);
  if (use === 'read' && !found.can_read)
    throw forbidden(`Collection ${id} (${found.alias}) cannot be read; it takes writes only`);
  if (use === 'write' && !found.can_write) throw forbidden(`Collection ${id} (${found.alias}) is read-only`);
  return KINDS.find((k) => k.kind === found.alias)!;
};

/** The collection a write goes to: 404 unknown, 403 not writable. */
export const writableCollection = (deps: Deps, ctx: RequestContext, id: string) =>
  kindOf(deps, ctx, id, 'write');

export interface TaxiiQuery {
  added_after?: string;
  limit?: number;
  next?: string;
  'match[id]'?: string;
  'match[type]'?: string;
  'match[version]'?: string;
  'match[spec_version]'?: string;
}

interface Entry {
  object: StixObject;
  added: number;
  row: IocRow;
}

const tagsOf = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
};

function entryOf(ctx: RequestContext, row: IocRow): Entry | undefined {
  const object = observableIndicator(
    { id: row.case_id, organisation: ctx.actor.organisationName, tlp: row.case_tlp },
    {
      id: row.id,
      dataType: row.data_type,
      data: row.data,
      ioc: true,
      message: row.message,
      tags: tagsOf(row.tags),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  );
  return object ? { object, added: row.added, row } : undefined;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function parseTimestamp(value: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`${field}: must be a timestamp like 2026-12-05T10:00:00.000Z`);
  return ms;
}

const encodeNext = (e: Entry) => Buffer.from(`${e.added}.${e.row.id}`).toString('base64url');
function decodeNext(token: string): { added: number; id: number } {
  const m = /^(\d+)\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw badRequest('next: not a value this server gave (start again without next)');
  return { added: Number(m[1]), id: Number(m[2]) };
}

export interface TaxiiPage {
  entries: Entry[];
  more: boolean;
  next?: string;
}

/** One page of a collection's objects, by the TAXII filters. */
export async function taxiiPage(
  deps: Deps,
  ctx: RequestContext,
  collection: string,
  q: TaxiiQuery,
  only?: { objectId: string },
): Promise<TaxiiPage> {
  const kind = kindOf(deps, ctx, collection, 'read');
  if (kind.kind === 'inbox') return { entries: [], more: false };
  const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const addedAfter = q.added_after === undefined ? undefined : parseTimestamp(q.added_after, 'added_after');
  let after = q.next === undefined ? undefined : decodeNext(q.next);
  const types = list(q['match[type]']);
  const specVersions = list(q['match[spec_version]']);
  const ids = new Set([...(list(q['match[id]']) ?? []), ...(only ? [only.objectId] : [])]);
  const versions = list(q['match[version]']) ?? ['last'];
  const versionTimes = versions.filter((v) => !['last', 'first', 'all'].includes(v));
  const times = new Set(versionTimes.map((v) => new Date(parseTimestamp(v, 'match[version]')).toISOString()));
  const anyVersion = versions.some((v) => ['last', 'first', 'all'].includes(v));
  if ((types && !types.includes('indicator')) || (specVersions && !specVersions.includes('2.1')))
    return { entries: [], more: false };
  const scope = scopeOf(ctx);
  const entries: Entry[] = [];
  // rows without a STIX pattern and rows filtered out by id or version are skipped: read on
  for (let round = 0; round < 1000; round++) {
    const rows = await iocPage(deps.db, scope, {
      closedOnly: kind.closedOnly,
      addedAfter,
      after,
      limit: MAX_PAGE,
    });
    for (const row of rows) {
      const entry = entryOf(ctx, row);
      after = { added: row.added, id: row.id };
      if (!entry) continue;
      if (ids.size && !ids.has(entry.object.id)) continue;
      if (!anyVersion && !times.has(String(entry.object.modified))) continue;
      if (entries.length === limit) return { entries, more: true, next: encodeNext(entries.at(-1)!) };
      entries.push(entry);
    }
    if (rows.length < MAX_PAGE) break;
  }
  return { entries, more: false };
}

/** The TAXII envelope of a page (`{}` when it is empty, as the specification says). */
export function envelope(page: TaxiiPage) {
  if (page.entries.length === 0) return {};
  return {
    more: page.more,
    ...(page.next ? { next: page.next } : {}),
    objects: page.entries.map((e) => e.object),
  };
}

export function manifest(page: TaxiiPage) {
  if (page.entries.length === 0) return {};
  return {
    more: page.more,
    ...(page.next ? { next: page.next } : {}),
    objects: page.entries.map((e) => ({
      id: e.object.id,
      date_added: new Date(e.added).toISOString(),
      version: e.object.modified,
      media_type: STIX_MEDIA_TYPE,
    })),
  };
}

/** X-TAXII-Date-Added-First / -Last of a page. */
export function dateAddedHeaders(page: TaxiiPage): Record<string, string> {
  if (page.entries.length === 0) return {};
  return {
    'X-TAXII-Date-Added-First': new Date(page.entries[0]!.added).toISOString(),
    'X-TAXII-Date-Added-Last': new Date(page.entries.at(-1)!.added).toISOString(),
  };
}
