/**
 * Page templates of an organisation and their links to case templates.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PageTemplateTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

export type PageTemplateRow = Selectable<PageTemplateTable>;
type Db = Kysely<Database>;

const inScope = (db: Db, scope: Scope) =>
  db.selectFrom('page_template').selectAll().where('organisation_id', '=', scope.organisationId);

/** By `~id`, or by title. */
export async function findPageTemplate(
  db: Db,
  scope: Scope,
  idOrTitle: string,
): Promise<PageTemplateRow | undefined> {
  const n = parseId(idOrTitle);
  if (n !== undefined) return inScope(db, scope).where('id', '=', n).executeTakeFirst();
  return inScope(db, scope).where('title', '=', idOrTitle).orderBy('id').executeTakeFirst();
}

export async function listPageTemplates(db: Db, scope: Scope): Promise<PageTemplateRow[]> {
  return inScope(db, scope).orderBy('order').orderBy('id').execute();
}

export async function insertPageTemplate(
  db: Db,
  row: Insertable<PageTemplateTable>,
): Promise<PageTemplateRow> {
  return db.insertInto('page_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePageTemplate(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<PageTemplateTable>,
): Promise<void> {
  await db
    .updateTable('page_template')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deletePageTemplate(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('page_template')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/** The page templates of a case template (of the scope's organisation), in page order. */
export async function pageTemplatesOfCaseTemplate(
  db: Db,
  scope: Scope,
  caseTemplateId: number,
): Promise<PageTemplateRow[]> {
  return db
    .selectFrom('case_template_page')
    .innerJoin('page_template', 'page_template.id', 'case_template_page.page_template_id')
    .selectAll('page_template')
    .where('case_template_page.case_template_id', '=', caseTemplateId)
    .where('page_template.organisation_id', '=', scope.organisationId)
    .orderBy('page_template.order')
    .orderBy('page_template.id')
    .execute();
}

/** Replaces a case template's page templates (the caller checked both belong to the organisation). */
export async function setCaseTemplatePages(
  db: Db,
  caseTemplateId: number,
  pageTemplateIds: number[],
): Promise<void> {
  await db.deleteFrom('case_template_page').where('case_template_id', '=', caseTemplateId).execute();
  if (pageTemplateIds.length === 0) return;
  await db
    .insertInto('case_template_page')
    .values(
      [...new Set(pageTemplateIds)].map((page_template_id) => ({
        case_template_id: caseTemplateId,
        page_template_id,
      })),
    )
    .execute();
}

/** How many case templates use each page template. */
export async function caseTemplateCounts(db: Db, pageTemplateIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (pageTemplateIds.length === 0) return out;
  const rows = await db
    .selectFrom('case_template_page')
    .select(['page_template_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('page_template_id', 'in', pageTemplateIds)
    .groupBy('page_template_id')
    .execute();
  for (const r of rows) out.set(r.page_template_id, Number(r.n));
  return out;
}
