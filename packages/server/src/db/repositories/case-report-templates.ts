/**
 * Case report templates of an organisation (always the acting organisation's own: templates are
 * not shared, and a platform administrator manages those of the organisation it acts in).
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { CaseReportTemplateTable } from '../report-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';

type Db = Kysely<Database>;
export type CaseReportTemplateRow = Selectable<CaseReportTemplateTable>;

const own = (db: Db, scope: Scope) =>
  db.selectFrom('case_report_template').selectAll().where('organisation_id', '=', scope.organisationId);

export const reportTemplates = (db: Db, scope: Scope): Promise<CaseReportTemplateRow[]> =>
  own(db, scope).orderBy('name').execute();

export const reportTemplateById = (db: Db, scope: Scope, id: number) =>
  own(db, scope).where('id', '=', id).executeTakeFirst();

export const reportTemplateByName = (db: Db, scope: Scope, name: string) =>
  own(db, scope).where('name', '=', name).executeTakeFirst();

export async function insertReportTemplate(
  db: Db,
  row: Insertable<CaseReportTemplateTable>,
): Promise<CaseReportTemplateRow> {
  return db.insertInto('case_report_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateReportTemplate(
  db: Db,
  scope: Scope,
  id: number,
  set: Updateable<CaseReportTemplateTable>,
): Promise<void> {
  await db
    .updateTable('case_report_template')
    .set(set)
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteReportTemplate(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('case_report_template')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', '=', id)
    .execute();
}
