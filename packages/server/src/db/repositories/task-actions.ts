/**
 * TheHive's "action required" of tasks, per organisation (migration 0016, docs/sharing.md). Rows
 * are read for tasks the caller already found in its scope.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/** Per task: organisation id → whether an action is required of it (only organisations asked). */
export async function actionsOfTasks(db: Db, taskIds: number[]): Promise<Map<number, Map<number, boolean>>> {
  const out = new Map<number, Map<number, boolean>>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom('task_action')
    .select(['task_id', 'organisation_id', 'required'])
    .where('task_id', 'in', taskIds)
    .execute();
  for (const r of rows) {
    const m = out.get(r.task_id) ?? new Map<number, boolean>();
    m.set(r.organisation_id, r.required === 1);
    out.set(r.task_id, m);
  }
  return out;
}

export async function setTaskAction(
  db: Db,
  taskId: number,
  organisationId: number,
  required: boolean,
  at: number,
  by: string,
): Promise<void> {
  const values = { required: required ? 1 : 0, updated_at: at, updated_by: by };
  await db
    .insertInto('task_action')
    .values({ task_id: taskId, organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.columns(['task_id', 'organisation_id']).doUpdateSet(values))
    .execute();
}
