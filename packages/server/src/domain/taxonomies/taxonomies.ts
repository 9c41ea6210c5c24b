/**
 * MISP taxonomies (TheHive's `/taxonomy`): created one at a time or imported from a zip of MISP's
 * taxonomies repository, activated and deactivated, deleted; platform-wide, managed by platform
 * administrators (`manageTaxonomy`), read by everyone. A new taxonomy starts deactivated. Importing
 * a namespace that exists updates it in place (version, description, tags), keeping the colour
 * and description an administrator gave a tag.
 */
import { badRequest, formatId, notFound, PropolisError } from '@propolis/core';
import type { Transaction } from 'kysely';
import { unzipEntries } from '../../blobs/zip.js';
import {
  deleteTaxonomy as deleteRow,
  findTaxonomy,
  insertTaxonomy,
  replaceTaxonomyTags,
  type TaxonomyRow,
  type TaxonomyTagRow,
  tagsOfTaxonomies,
  updateTaxonomy,
} from '../../db/repositories/taxonomies.js';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../../events/audit.js';
import { createdNow, type RequestContext, requirePermission } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { type ParsedTaxonomy, parseTaxonomy } from './machinetag.js';

export interface TaxonomyView {
  row: TaxonomyRow;
  tags: TaxonomyTagRow[];
}

export async function taxonomyViews(deps: Deps, rows: TaxonomyRow[]): Promise<TaxonomyView[]> {
  const tags = await tagsOfTaxonomies(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, tags: tags.filter((t) => t.taxonomy_id === row.id) }));
}

async function visibleTaxonomy(deps: Deps, id: string): Promise<TaxonomyRow> {
  const row = await findTaxonomy(deps.db, id);
  if (!row) throw notFound(`Taxonomy ${id} not found`);
  return row;
}

export async function getTaxonomy(deps: Deps, _ctx: RequestContext, id: string): Promise<TaxonomyView> {
  return (await taxonomyViews(deps, [await visibleTaxonomy(deps, id)]))[0]!;
}

/** Writes one parsed taxonomy (insert, or update in place when `replace`) inside the transaction. */
async function writeTaxonomy(
  trx: Transaction<Database>,
  ctx: RequestContext,
  t: ParsedTaxonomy,
  replace: boolean,
  now: number,
): Promise<{ row: TaxonomyRow; created: boolean }> {
  const existing = await findTaxonomy(trx, t.namespace);
  if (existing && !replace)
    throw new PropolisError(
      'CreateError',
      `Taxonomy ${t.namespace} already exists (${formatId(existing.id)})`,
    );
  const row = existing
    ? {
        ...existing,
        description: t.description,
        version: t.version,
        updated_at: now,
        updated_by: ctx.actor.login,
      }
    : await insertTaxonomy(trx, {
        namespace: t.namespace,
        description: t.description,
        version: t.version,
        enabled: 0,
        ...createdNow(ctx, now),
      });
  if (existing)
    await updateTaxonomy(trx, existing.id, {
      description: t.description,
      version: t.version,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
  await replaceTaxonomyTags(
    trx,
    row.id,
    t.tags.map((tag) => ({
      taxonomy_id: row.id,
      namespace: t.namespace,
      ...tag,
      ...createdNow(ctx, now),
    })),
  );
  await appendAudit(trx, ctx, [
    {
      action: existing ? 'update' : 'create',
      objectType: 'Taxonomy',
      objectId: formatId(row.id),
      details: { namespace: t.namespace, version: t.version, tags: t.tags.length },
    },
  ]);
  return { row, created: !existing };
}

export async function createTaxonomy(deps: Deps, ctx: RequestContext, input: unknown): Promise<TaxonomyView> {
  requirePermission(ctx, 'manageTaxonomy');
  const parsed = parseTaxonomy(input);
  const { row } = await inTransaction(deps, (trx) => writeTaxonomy(trx, ctx, parsed, false, Date.now()));
  return getTaxonomy(deps, ctx, formatId(row.id));
}

const ZIP_LIMITS = { maxEntries: 5000, maxTotalSize: 200 * 1024 * 1024 };

/** Every `machinetag.json` of the zip, in one transaction (one bad taxonomy: nothing imported). */
export async function importTaxonomyZip(
  deps: Deps,
  ctx: RequestContext,
  zip: Uint8Array,
): Promise<{ created: number; updated: number; taxonomies: TaxonomyRow[] }> {
  requirePermission(ctx, 'manageTaxonomy');
  const entries = (await unzipEntries(zip, undefined, ZIP_LIMITS)).filter((e) =>
    /(^|\/)machinetag\.json$/.test(e.path),
  );
  if (entries.length === 0)
    throw badRequest('file: the zip holds no machinetag.json (a MISP taxonomies archive)');
  const parsed = entries.map((e) => {
    let json: unknown;
    try {
      json = JSON.parse(e.bytes.toString('utf8'));
    } catch {
      throw badRequest(`${e.path}: is not JSON`);
    }
    return parseTaxonomy(json, e.path);
  });
  const now = Date.now();
  return inTransaction(deps, async (trx) => {
    const out = { created: 0, updated: 0, taxonomies: [] as TaxonomyRow[] };
    for (const t of parsed) {
      const { row, created } = await writeTaxonomy(trx, ctx, t, true, now);
      if (created) out.created += 1;
      else out.updated += 1;
      out.taxonomies.push(row);
    }
    return out;
  });
}

export async function setTaxonomyEnabled(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  enabled: boolean,
): Promise<void> {
  requirePermission(ctx, 'manageTaxonomy');
  const row = await visibleTaxonomy(deps, id);
  const now = Date.now();
  await inTransaction(deps, async (trx) => {
    await updateTaxonomy(trx, row.id, {
      enabled: enabled ? 1 : 0,
      updated_at: now,
      updated_by: ctx.actor.login,
    });
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'Taxonomy', objectId: formatId(row.id), details: { enabled } },
    ]);
  });
}

export async function deleteTaxonomy(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'manageTaxonomy');
  const row = await visibleTaxonomy(deps, id);
  await inTransaction(deps, async (trx) => {
    await deleteRow(trx, row.id);
    await appendAudit(trx, ctx, [{ action: 'delete', objectType: 'Taxonomy', objectId: formatId(row.id) }]);
  });
}
