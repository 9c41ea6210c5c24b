/**
 * Tasks of cases, scoped by organisation.
 */

import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, TaskTable } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf, taskVisible } from '../visibility.js';

export type TaskRow = Selectable<TaskTable>;
type Db = Kysely<Database>;

const inScope = (db: Db, scope: Scope) =>
  db
    .selectFrom('task')
    .selectAll()
    .where(taskVisible(scope, undefined, { dialect: dialectOf(db) }));

export async function findTask(db: Db, scope: Scope, id: string | number): Promise<TaskRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  return inScope(db, scope).where('id', '=', n).executeTakeFirst();
}

export async function findTasksByIds(db: Db, scope: Scope, ids: number[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  return inScope(db, scope).where('id', 'in', ids).execute();
}

export async function tasksOfCases(db: Db, scope: Scope, caseIds: number[]): Promise<TaskRow[]> {
  if (caseIds.length === 0) return [];
  return inScope(db, scope).where('case_id', 'in', caseIds).orderBy('order').orderBy('id').execute();
}

export async function insertTasks(db: Db, rows: Insertable<TaskTable>[]): Promise<TaskRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('task').values(rows).returningAll().execute();
}

export async function updateTask(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<TaskTable>,
): Promise<void> {
  await db
    .updateTable('task')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteTask(db: Db, scope: Scope, id: number): Promise<void> {
  await db
    .deleteFrom('task')
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

/** Closing a case closes its tasks: Waiting → Cancel, InProgress → Completed (end date set, flag cleared). */
export async function closeTasksOfCase(
  db: Db,
  scope: Scope,
  caseId: number,
  now: number,
  by: string,
): Promise<TaskRow[]> {
  const open = await inScope(db, scope)
    .where('case_id', '=', caseId)
    .where('status', 'in', ['Waiting', 'InProgress'])
    .execute();
  for (const t of open) {
    await db
      .updateTable('task')
      .set(
        t.status === 'Waiting'
          ? { status: 'Cancel', flag: 0, updated_at: now, updated_by: by }
          : { status: 'Completed', flag: 0, end_date: t.end_date ?? now, updated_at: now, updated_by: by },
      )
      .where('id', '=', t.id)
      .execute();
  }
  return open;
}

/** Whether a task waits for its organisation: mandatory and still open (Waiting or InProgress). */
export const requiresAction = (t: Pick<TaskRow, 'mandatory' | 'status'>): boolean =>
  t.mandatory === 1 && (t.status === 'Waiting' || t.status === 'InProgress');

/** The cases, among `caseIds`, that have at least one task requiring action (see requiresAction). */
export async function casesRequiringAction(db: Db, scope: Scope, caseIds: number[]): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('task')
    .select('case_id')
    .distinct()
    .where(taskVisible(scope))
    .where('case_id', 'in', caseIds)
    .where('mandatory', '=', 1)
    .where('status', 'in', ['Waiting', 'InProgress'])
    .execute();
  return new Set(rows.map((r) => r.case_id));
}

/** Counts per status for each case (nstats and taskStats). */
export async function taskStatsOfCases(db: Db, scope: Scope, caseIds: number[]) {
  if (caseIds.length === 0) return new Map<number, Record<string, number>>();
  const rows = await db
    .selectFrom('task')
    .select(['case_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(taskVisible(scope))
    .where('case_id', 'in', caseIds)
    .groupBy(['case_id', 'status'])
    .execute();
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const stats = out.get(r.case_id) ?? {};
    stats[r.status] = Number(r.n);
    out.set(r.case_id, stats);
  }
  return out;
}
