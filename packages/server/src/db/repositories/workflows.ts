/**
 * Workflows: definitions from the configuration file, each with its audit cursor, figures and lease.
 * Platform-level like feeders (the commands require the platform permission).
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { WorkflowTable } from '../feeder-schema.js';
import type { Database } from '../schema.js';
import { acquireRowLease, releaseRowLease } from './row-lease.js';

type Db = Kysely<Database>;
export type WorkflowRow = Selectable<WorkflowTable>;

export async function listWorkflowRows(db: Db): Promise<WorkflowRow[]> {
  return db.selectFrom('workflow').selectAll().orderBy('name').execute();
}

export async function findWorkflowRow(db: Db, name: string): Promise<WorkflowRow | undefined> {
  return db.selectFrom('workflow').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function upsertWorkflowRow(
  db: Db,
  name: string,
  definition: string,
  cursor: number,
  now: number,
  origin: 'config' | 'api' = 'config',
) {
  const existing = await findWorkflowRow(db, name);
  if (existing) {
    if (existing.definition !== definition || existing.origin !== origin)
      await db.updateTable('workflow').set({ definition, origin }).where('name', '=', name).execute();
    return;
  }
  await db
    .insertInto('workflow')
    .values({
      name,
      definition,
      origin,
      cursor,
      last_run_at: null,
      last_error: null,
      last_error_at: null,
      lease_owner: null,
      lease_until: null,
      created_at: now,
    })
    .execute();
}

/** Removes the configuration file's workflows that it no longer lists. */
export async function deleteWorkflowsNotIn(db: Db, names: readonly string[]): Promise<void> {
  let q = db.deleteFrom('workflow').where('origin', '=', 'config');
  if (names.length > 0) q = q.where('name', 'not in', [...names]);
  await q.execute();
}

export async function deleteWorkflowRow(db: Db, name: string): Promise<void> {
  await db.deleteFrom('workflow').where('name', '=', name).execute();
}

export function acquireWorkflowLease(db: Db, name: string, owner: string, now: number, until: number) {
  return acquireRowLease(db, 'workflow', name, owner, now, until);
}

export function releaseWorkflowLease(db: Db, name: string, owner: string): Promise<void> {
  return releaseRowLease(db, 'workflow', name, owner);
}

/** Moves the cursor and adds the figures while `owner` holds the lease. */
export async function recordWorkflowProgress(
  db: Db,
  name: string,
  p: { cursor: number; matched: number; failed: number; error?: string; now: number; owner: string },
): Promise<boolean> {
  const result = await db
    .updateTable('workflow')
    .set({
      cursor: p.cursor,
      matched_count: sql`matched_count + ${p.matched}`,
      failed_count: sql`failed_count + ${p.failed}`,
      last_run_at: p.now,
      ...(p.error !== undefined ? { last_error: p.error.slice(0, 2000), last_error_at: p.now } : {}),
    })
    .where('name', '=', name)
    .where('lease_owner', '=', p.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest audit rows of an organisation up to `maxId`, newest first (workflow dry runs). */
export async function recentAudits(db: Db, organisationId: number, maxId: number, limit: number) {
  return db
    .selectFrom('audit')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '<=', maxId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
