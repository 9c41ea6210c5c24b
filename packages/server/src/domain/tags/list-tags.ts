/**
 * The tags used in the acting organisation, with use counts (cases, alerts and observables, or one
 * kind of entity), most used first: what tag pickers and auto-completion show.
 */
import { badRequest } from '@propolis/core';
import { listTags as listTagRows, type TaggedEntity } from '../../db/repositories/tags.js';
import { enabledTagsOfNamespaces, freeTagColours } from '../../db/repositories/taxonomies.js';
import { type RequestContext, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { tagParts, tagText } from '../taxonomies/machinetag.js';

const ENTITIES: readonly TaggedEntity[] = ['case', 'alert', 'observable'];

export interface TagCount {
  tag: string;
  count: number;
  /** The organisation's colour for a free tag, else its enabled taxonomy's (docs/collaboration.md). */
  colour?: string;
}

export async function listTags(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  options: { prefix?: string; entity?: string; limit?: number } = {},
): Promise<TagCount[]> {
  let entityType: TaggedEntity | undefined;
  if (options.entity !== undefined && options.entity !== '') {
    if (!(ENTITIES as readonly string[]).includes(options.entity)) {
      throw badRequest(`entity: "${options.entity}" is not allowed; allowed: ${ENTITIES.join(', ')}`);
    }
    entityType = options.entity as TaggedEntity;
  }
  const rows: TagCount[] = await listTagRows(deps.db, ctx.actor.organisationId, {
    entityType,
    prefix: options.prefix || undefined,
    limit: options.limit,
  });
  const own = await freeTagColours(
    deps.db,
    scopeOf(ctx),
    rows.map((r) => r.tag),
  );
  const parts = rows.map((r) => tagParts(r.tag));
  const taxonomy = new Map(
    (
      await enabledTagsOfNamespaces(
        deps.db,
        parts.filter((p) => p.namespace !== '_freetags_').map((p) => p.namespace),
      )
    ).map((t) => [tagText(t.namespace, t.predicate, t.value), t.colour]),
  );
  for (const r of rows) {
    const colour = own.get(r.tag) ?? taxonomy.get(r.tag);
    if (colour) r.colour = colour;
  }
  return rows;
}
