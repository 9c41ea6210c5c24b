/**
 * Report templates stored in the database (TheHive 4's AnalyzerTemplate): platform-wide, one per
 * analyzer id and report type.
 */
import type { Insertable, Selectable } from 'kysely';
import type { AnalysisDb, AnalysisReportTemplateTable } from './schema.js';

export type ReportTemplateRow = Selectable<AnalysisReportTemplateTable>;

export async function listReportTemplates(db: AnalysisDb): Promise<ReportTemplateRow[]> {
  return db
    .selectFrom('analysis_report_template')
    .selectAll()
    .orderBy('analyzer_id')
    .orderBy('report_type')
    .execute();
}

export async function findReportTemplate(db: AnalysisDb, id: number): Promise<ReportTemplateRow | undefined> {
  return db.selectFrom('analysis_report_template').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The first of `analyzerIds` (in that order) that has a template of that type. */
export async function templateFor(
  db: AnalysisDb,
  analyzerIds: string[],
  reportType: string,
): Promise<ReportTemplateRow | undefined> {
  const rows = await db
    .selectFrom('analysis_report_template')
    .selectAll()
    .where('analyzer_id', 'in', analyzerIds)
    .where('report_type', '=', reportType)
    .execute();
  for (const id of analyzerIds) {
    const row = rows.find((r) => r.analyzer_id === id);
    if (row) return row;
  }
  return undefined;
}

export async function insertReportTemplate(
  db: AnalysisDb,
  row: Insertable<AnalysisReportTemplateTable>,
): Promise<ReportTemplateRow> {
  return db.insertInto('analysis_report_template').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateReportTemplate(
  db: AnalysisDb,
  id: number,
  changes: { content: string; updated_at: number; updated_by: string },
): Promise<ReportTemplateRow | undefined> {
  return db
    .updateTable('analysis_report_template')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteReportTemplate(db: AnalysisDb, id: number): Promise<boolean> {
  const res = await db.deleteFrom('analysis_report_template').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
