/**
 * Tag index of cases, alerts and observables: one row per (entity, tag), scoped by organisation.
 * Entities keep their tags as a JSON list too; this table makes tag filters and listings indexed.
 */
import type { Kysely } from 'kysely';
import { insertRows } from '../compiled-insert.js';
import type { Database } from '../schema.js';

export type TaggedEntity = 'case' | 'alert' | 'observable';

/** Writes the tags of one entity. */
type EntityTagsWrite = (
  trx: Kysely<Database>,
  organisationId: number,
  entityType: TaggedEntity,
  entityId: number,
  tags: readonly string[],
) => Promise<void>;

/** Replaces the tags of an entity. */
export const replaceTags: EntityTagsWrite = async (trx, organisationId, entityType, entityId, tags) => {
  await trx
    .deleteFrom('entity_tag')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
  await insertTags(trx, organisationId, entityType, entityId, tags);
};

/** Tags of an entity that has none yet (a row created in this transaction). */
export const insertTags: EntityTagsWrite = async (trx, organisationId, entityType, entityId, tags) => {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  await insertRows(
    trx,
    'entity_tag',
    unique.map((tag) => ({
      organisation_id: organisationId,
      entity_type: entityType,
      entity_id: entityId,
      tag,
    })),
    false,
  );
};

/** Tags of several entities that have none yet, in one statement. */
export async function insertTagsOfMany(
  trx: Kysely<Database>,
  organisationId: number,
  entityType: TaggedEntity,
  entities: ReadonlyArray<{ id: number; tags: readonly string[] }>,
): Promise<void> {
  const rows = entities.flatMap((e) =>
    [...new Set(e.tags)].map((tag) => ({
      organisation_id: organisationId,
      entity_type: entityType,
      entity_id: e.id,
      tag,
    })),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    await insertRows(trx, 'entity_tag', rows.slice(i, i + 1000), false);
  }
}

export async function deleteTagsOf(
  trx: Kysely<Database>,
  entityType: TaggedEntity,
  entityIds: number[],
): Promise<void> {
  if (entityIds.length === 0) return;
  await trx
    .deleteFrom('entity_tag')
    .where('entity_type', '=', entityType)
    .where('entity_id', 'in', entityIds)
    .execute();
}

/** Distinct tags used in an organisation, with use counts, most used first. */
export async function listTags(
  db: Kysely<Database>,
  organisationId: number,
  options: { entityType?: TaggedEntity; prefix?: string; limit?: number } = {},
): Promise<Array<{ tag: string; count: number }>> {
  let q = db
    .selectFrom('entity_tag')
    .select(['tag', (eb) => eb.fn.countAll<number>().as('count')])
    .where('organisation_id', '=', organisationId);
  if (options.entityType) q = q.where('entity_type', '=', options.entityType);
  if (options.prefix) q = q.where('tag', 'like', `${options.prefix.replace(/[\\%_]/g, '\\$&')}%`);
  const rows = await q
    .groupBy('tag')
    .orderBy('count', 'desc')
    .orderBy('tag')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}
