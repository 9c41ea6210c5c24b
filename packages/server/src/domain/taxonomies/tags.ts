/**
 * One tag (`/tag/{id}`): a taxonomy's tag by `~id` (its colour and description are the platform
 * administrators', `manageTaxonomy`), or a free tag of the organisation by its text (colour and
 * description per organisation, `manageTag`). Deleting a free tag forgets its colour; a taxonomy's
 * tags go with their taxonomy.
 */
import { badRequest, formatId, MAX_LONG_TEXT, notFound, parseId } from '@propolis/core';
import { listTags as listTagRows } from '../../db/repositories/tags.js';
import {
  deleteFreeTag,
  findFreeTag,
  findTaxonomyTag,
  type TaxonomyTagRow,
  updateTaxonomyTag,
  upsertFreeTag,
} from '../../db/repositories/taxonomies.js';
import { appendAudit } from '../../events/audit.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkLength } from '../input-rules.js';
import { checkColour, DEFAULT_TAG_COLOUR, tagParts } from './machinetag.js';

export type TagView =
  | { kind: 'taxonomy'; row: TaxonomyTagRow }
  | { kind: 'free'; tag: string; colour: string; description: string | null; count: number };

async function taxonomyTag(deps: Deps, n: number, id: string): Promise<TaxonomyTagRow> {
  const row = await findTaxonomyTag(deps.db, n);
  if (!row) throw notFound(`Tag ${id} not found`);
  return row;
}

export async function getTag(deps: Deps, ctx: RequestContext, id: string): Promise<TagView> {
  const n = parseId(id);
  if (n !== undefined) return { kind: 'taxonomy', row: await taxonomyTag(deps, n, id) };
  const scope = scopeOf(ctx);
  const [used] = (await listTagRows(deps.db, scope.organisationId, { prefix: id, limit: 1000 })).filter(
    (t) => t.tag === id,
  );
  const own = await findFreeTag(deps.db, scope, id);
  if (!used && !own) throw notFound(`Tag ${id} not found in this organisation`);
  return {
    kind: 'free',
    tag: id,
    colour: own?.colour ?? DEFAULT_TAG_COLOUR,
    description: own?.description ?? null,
    count: used?.count ?? 0,
  };
}

export async function updateTag(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { colour?: string; description?: string | null },
): Promise<void> {
  const colour = input.colour === undefined ? undefined : checkColour(input.colour);
  const description =
    input.description === undefined
      ? undefined
      : checkLength(input.description, 'description', MAX_LONG_TEXT);
  const now = Date.now();
  const n = parseId(id);
  if (n !== undefined) {
    requirePermission(ctx, 'manageTaxonomy');
    const row = await taxonomyTag(deps, n, id);
    await inTransaction(deps, async (trx) => {
      await updateTaxonomyTag(trx, row.id, {
        colour,
        description,
        updated_at: now,
        updated_by: ctx.actor.login,
      });
      await appendAudit(trx, ctx, [
        { action: 'update', objectType: 'Tag', objectId: formatId(row.id), details: { colour, description } },
      ]);
    });
    return;
  }
  requirePermission(ctx, 'manageTag');
  const current = await getTag(deps, ctx, id);
  if (current.kind !== 'free') throw badRequest(`Tag ${id}: not a free tag`);
  await inTransaction(deps, async (trx) => {
    await upsertFreeTag(trx, scopeOf(ctx), id, {
      colour: colour ?? current.colour,
      description: description === undefined ? current.description : description,
    });
    await appendAudit(trx, ctx, [
      { action: 'update', objectType: 'Tag', objectId: id, details: { colour, description } },
    ]);
  });
}

export async function deleteTag(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  if (parseId(id) !== undefined) {
    requirePermission(ctx, 'manageTaxonomy');
    await getTag(deps, ctx, id);
    throw badRequest(`Tag ${id} belongs to a taxonomy: deactivate or delete the taxonomy instead`);
  }
  requirePermission(ctx, 'manageTag');
  await getTag(deps, ctx, id);
  await inTransaction(deps, async (trx) => {
    await deleteFreeTag(trx, scopeOf(ctx), id);
    await appendAudit(trx, ctx, [{ action: 'delete', objectType: 'Tag', objectId: id }]);
  });
}

export { tagParts };
