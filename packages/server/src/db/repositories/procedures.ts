/**
 * Procedures (TTPs) of cases and alerts, scoped by organisation.
 */
import { parseId } from '@propolis/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ProcedureTable } from '../collaboration-schema.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseRowVisible } from '../visibility.js';

export type ProcedureRow = Selectable<ProcedureTable>;
type Db = Kysely<Database>;

export async function findProcedure(
  db: Db,
  scope: Scope,
  id: string | number,
): Promise<ProcedureRow | undefined> {
  const n = typeof id === 'number' ? id : parseId(id);
  if (n === undefined) return undefined;
  return db
    .selectFrom('procedure')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('id', '=', n)
    .executeTakeFirst();
}

/** The organisation's procedures among these ids. */
export async function findProceduresByIds(db: Db, scope: Scope, ids: number[]): Promise<ProcedureRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('procedure')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
}

export async function proceduresOfCase(db: Db, scope: Scope, caseId: number): Promise<ProcedureRow[]> {
  return db
    .selectFrom('procedure')
    .selectAll()
    .where(caseRowVisible(scope))
    .where('case_id', '=', caseId)
    .orderBy('occur_date')
    .orderBy('id')
    .execute();
}

export async function insertProcedures(db: Db, rows: Insertable<ProcedureTable>[]): Promise<ProcedureRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('procedure').values(rows).returningAll().execute();
}

export async function updateProcedure(
  db: Db,
  scope: Scope,
  id: number,
  values: Updateable<ProcedureTable>,
): Promise<void> {
  await db
    .updateTable('procedure')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', scope.organisationId)
    .execute();
}

export async function deleteProcedures(db: Db, scope: Scope, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('procedure')
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * An alert's procedures go to the case it is imported into or merged with; a technique the case
 * already records at the same date is not copied twice.
 */
export async function copyAlertProceduresToCase(
  db: Db,
  scope: Scope,
  alertId: number,
  caseId: number,
): Promise<number[]> {
  const existing = await proceduresOfCase(db, scope, caseId);
  const seen = new Set(existing.map((p) => `${p.pattern_id}|${p.occur_date}|${p.tactic}`));
  const moving = await db
    .selectFrom('procedure')
    .selectAll()
    .where('organisation_id', '=', scope.organisationId)
    .where('alert_id', '=', alertId)
    .orderBy('id')
    .execute();
  const moved: number[] = [];
  for (const p of moving) {
    const key = `${p.pattern_id}|${p.occur_date}|${p.tactic}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [copy] = await insertProcedures(db, [
      {
        organisation_id: p.organisation_id,
        case_id: caseId,
        alert_id: null,
        pattern_id: p.pattern_id,
        tactic: p.tactic,
        occur_date: p.occur_date,
        description: p.description,
        created_at: p.created_at,
        created_by: p.created_by,
        updated_at: p.updated_at,
        updated_by: p.updated_by,
      },
    ]);
    moved.push(copy!.id);
  }
  return moved;
}
