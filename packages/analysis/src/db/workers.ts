/**
 * Enabled analyzers and responders of an organisation (Cortex's workers). Every read is scoped by
 * organisation.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { AnalysisDb, AnalysisWorkerTable } from './schema.js';

export type WorkerRow = Selectable<AnalysisWorkerTable>;

export async function findWorker(
  db: AnalysisDb,
  organisationId: number,
  id: string,
): Promise<WorkerRow | undefined> {
  return db
    .selectFrom('analysis_worker')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findWorkerByName(
  db: AnalysisDb,
  organisationId: number,
  type: string,
  name: string,
): Promise<WorkerRow | undefined> {
  return db
    .selectFrom('analysis_worker')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('type', '=', type)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function workersOf(db: AnalysisDb, organisationId: number, type: string): Promise<WorkerRow[]> {
  return db
    .selectFrom('analysis_worker')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('type', '=', type)
    .orderBy('name')
    .execute();
}

export async function insertWorker(db: AnalysisDb, row: Insertable<AnalysisWorkerTable>): Promise<WorkerRow> {
  return db.insertInto('analysis_worker').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateWorker(
  db: AnalysisDb,
  organisationId: number,
  id: string,
  changes: Updateable<AnalysisWorkerTable>,
): Promise<WorkerRow | undefined> {
  return db
    .updateTable('analysis_worker')
    .set(changes)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteWorker(db: AnalysisDb, organisationId: number, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('analysis_worker')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
