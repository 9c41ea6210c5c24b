/**
 * What happened to a case, read for its timeline: each query reads one table by its case index
 * (tasks, sighted observables, alerts, logs kept in the timeline), scoped by organisation.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { logVisible, observableVisible, taskVisible } from '../visibility.js';

type Db = Kysely<Database>;

export async function timelineTasks(db: Db, scope: Scope, caseId: number) {
  return db
    .selectFrom('task')
    .select(['id', 'title', 'group_name', 'status', 'start_date', 'end_date', 'assignee'])
    .where(taskVisible(scope))
    .where('case_id', '=', caseId)
    .where((eb) => eb.or([eb('start_date', 'is not', null), eb('end_date', 'is not', null)]))
    .execute();
}

export async function timelineSightings(db: Db, scope: Scope, caseId: number) {
  return db
    .selectFrom('observable')
    .select(['id', 'data_type', 'data', 'sighted_at', 'start_date', 'ioc'])
    .where(observableVisible(scope))
    .where('case_id', '=', caseId)
    .where('sighted', '=', 1)
    .execute();
}

export async function timelineAlerts(db: Db, scope: Scope, caseId: number) {
  return db
    .selectFrom('alert')
    .select(['id', 'type', 'source', 'source_ref', 'title', 'date', 'import_date', 'created_at'])
    .where('organisation_id', '=', scope.organisationId)
    .where('case_id', '=', caseId)
    .execute();
}

export async function timelineLogs(db: Db, scope: Scope, caseId: number) {
  return db
    .selectFrom('task_log')
    .select(['id', 'task_id', 'message', 'include_in_timeline'])
    .where(logVisible(scope))
    .where('case_id', '=', caseId)
    .where('include_in_timeline', 'is not', null)
    .execute();
}
