/**
 * The tags used in the acting organisation, with use counts (cases, alerts and observables, or one
 * kind of entity), most used first: what tag pickers and auto-completion show.
 */
import { badRequest } from '@propolis/core';
import { listTags as listTagRows, type TaggedEntity } from '../../db/repositories/tags.js';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';

const ENTITIES: readonly TaggedEntity[] = ['case', 'alert', 'observable'];

export interface TagCount {
  tag: string;
  count: number;
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
  return listTagRows(deps.db, ctx.actor.organisationId, {
    entityType,
    prefix: options.prefix || undefined,
    limit: options.limit,
  });
}
