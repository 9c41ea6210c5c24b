/**
 * MISP taxonomies and their tags (platform-wide, as in TheHive), and the colours organisations give
 * their free tags.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { TaxonomyTable, TaxonomyTagTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

export type TaxonomyRow = Selectable<TaxonomyTable>;
export type TaxonomyTagRow = Selectable<TaxonomyTagTable>;
type Db = Kysely<Database>;

/** By `~id` or namespace. */
export async function findTaxonomy(db: Db, idOrNamespace: string): Promise<TaxonomyRow | undefined> {
  const n = parseId(idOrNamespace);
  const q = db.selectFrom('taxonomy').selectAll();
  if (n !== undefined) return q.where('id', '=', n).executeTakeFirst();
  return q.where('namespace', '=', idOrNamespace).executeTakeFirst();
}

export async function insertTaxonomy(db: Db, row: Insertable<TaxonomyTable>): Promise<TaxonomyRow> {
  return db.insertInto('taxonomy').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateTaxonomy(db: Db, id: number, values: Updateable<TaxonomyTable>): Promise<void> {
  await db.updateTable('taxonomy').set(values).where('id', '=', id).execute();
}

export async function deleteTaxonomy(db: Db, id: number): Promise<void> {
  await db.deleteFrom('taxonomy').where('id', '=', id).execute();
}

export async function tagsOfTaxonomies(db: Db, taxonomyIds: number[]): Promise<TaxonomyTagRow[]> {
  if (taxonomyIds.length === 0) return [];
  return db
    .selectFrom('taxonomy_tag')
    .selectAll()
    .where('taxonomy_id', 'in', taxonomyIds)
    .orderBy('taxonomy_id')
    .orderBy('id')
    .execute();
}

/** Replaces a taxonomy's tags, keeping the colour and description an administrator changed. */
export async function replaceTaxonomyTags(
  db: Db,
  taxonomyId: number,
  rows: Insertable<TaxonomyTagTable>[],
): Promise<void> {
  const before = new Map(
    (await tagsOfTaxonomies(db, [taxonomyId]))
      .filter((t) => t.updated_at !== null)
      .map((t) => [`${t.predicate}\u0000${t.value}`, t]),
  );
  await db.deleteFrom('taxonomy_tag').where('taxonomy_id', '=', taxonomyId).execute();
  const merged = rows.map((r) => {
    const kept = before.get(`${r.predicate}\u0000${r.value ?? null}`);
    return kept
      ? {
          ...r,
          colour: kept.colour,
          description: kept.description,
          updated_at: kept.updated_at,
          updated_by: kept.updated_by,
        }
      : r;
  });
  for (let i = 0; i < merged.length; i += 500)
    await db
      .insertInto('taxonomy_tag')
      .values(merged.slice(i, i + 500))
      .execute();
}

export async function findTaxonomyTag(db: Db, id: number): Promise<TaxonomyTagRow | undefined> {
  return db.selectFrom('taxonomy_tag').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTaxonomyTag(
  db: Db,
  id: number,
  values: Updateable<TaxonomyTagTable>,
): Promise<void> {
  await db.updateTable('taxonomy_tag').set(values).where('id', '=', id).execute();
}

export async function findFreeTag(db: Db, scope: Scope, tag: string) {
  return db
    .selectFrom('free_tag')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('tag', '=', tag)
    .executeTakeFirst();
}

export async function freeTagColours(db: Db, scope: Scope, tags: string[]): Promise<Map<string, string>> {
  if (tags.length === 0) return new Map();
  const rows = await db
    .selectFrom('free_tag')
    .select(['tag', 'colour'])
    .where('organisation_id', '=', scope.organisationId)
    .where('tag', 'in', tags)
    .execute();
  return new Map(rows.map((r) => [r.tag, r.colour]));
}

export async function upsertFreeTag(
  db: Db,
  scope: Scope,
  tag: string,
  values: { colour: string; description: string | null },
): Promise<void> {
  await db
    .deleteFrom('free_tag')
    .where('organisation_id', '=', scope.organisationId)
    .where('tag', '=', tag)
    .execute();
  await db
    .insertInto('free_tag')
    .values({ organisation_id: scope.organisationId, tag, ...values })
    .execute();
}

export async function deleteFreeTag(db: Db, scope: Scope, tag: string): Promise<boolean> {
  const r = await db
    .deleteFrom('free_tag')
    .where('organisation_id', '=', scope.organisationId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The tags of the enabled taxonomies of these namespaces (tag listings take their colours). */
export async function enabledTagsOfNamespaces(db: Db, namespaces: string[]): Promise<TaxonomyTagRow[]> {
  if (namespaces.length === 0) return [];
  return db
    .selectFrom('taxonomy_tag')
    .innerJoin('taxonomy', 'taxonomy.id', 'taxonomy_tag.taxonomy_id')
    .selectAll('taxonomy_tag')
    .where('taxonomy.enabled', '=', 1)
    .where('taxonomy_tag.namespace', 'in', [...new Set(namespaces)])
    .execute();
}
