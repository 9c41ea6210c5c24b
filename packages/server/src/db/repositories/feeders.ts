/**
 * Feeders and their failures. Feeders belong to the platform (they read server files and reach
 * hosts from the server), so these reads are not organisation-scoped: the commands that call them
 * require the platform permission.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { FeederFailureTable, FeederTable } from '../feeder-schema.js';
import type { Database } from '../schema.js';
import { acquireRowLease, releaseRowLease } from './row-lease.js';

type Db = Kysely<Database>;
export type FeederRow = Selectable<FeederTable>;
export type FeederFailureRow = Selectable<FeederFailureTable>;

export async function listFeederRows(db: Db): Promise<FeederRow[]> {
  return db.selectFrom('feeder').selectAll().orderBy('name').execute();
}

export async function findFeederRow(db: Db, name: string): Promise<FeederRow | undefined> {
  return db.selectFrom('feeder').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertFeederRow(
  db: Db,
  values: { name: string; kind: string; definition: string; origin: 'config' | 'api'; now: number },
): Promise<void> {
  await db
    .insertInto('feeder')
    .values({
      name: values.name,
      kind: values.kind,
      definition: values.definition,
      origin: values.origin,
      enabled_override: null,
      cursor: null,
      lag: null,
      last_run_at: null,
      last_success_at: null,
      last_error: null,
      last_error_at: null,
      lease_owner: null,
      lease_until: null,
      created_at: values.now,
      updated_at: null,
    })
    .execute();
}

/** A new definition; a different kind starts over from no cursor. */
export async function updateFeederDefinition(
  db: Db,
  name: string,
  values: { kind: string; definition: string; origin: 'config' | 'api'; resetCursor: boolean; now: number },
): Promise<void> {
  await db
    .updateTable('feeder')
    .set({
      kind: values.kind,
      definition: values.definition,
      origin: values.origin,
      updated_at: values.now,
      ...(values.resetCursor ? { cursor: null } : {}),
    })
    .where('name', '=', name)
    .execute();
}

export async function setFeederEnabled(
  db: Db,
  name: string,
  enabled: boolean | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('feeder')
    .set({ enabled_override: enabled === null ? null : enabled ? 1 : 0, updated_at: now })
    .where('name', '=', name)
    .execute();
}

export async function deleteFeederRow(db: Db, name: string): Promise<void> {
  await db.deleteFrom('feeder_failure').where('feeder', '=', name).execute();
  await db.deleteFrom('feeder').where('name', '=', name).execute();
}

/**
 * Takes or renews the lease of a feeder for `owner` until `until`: granted when nobody holds it,
 * when `owner` already does, or when the holder's lease has run out. One statement, so that two
 * nodes asking at once cannot both win.
 */
export function acquireFeederLease(db: Db, name: string, owner: string, now: number, until: number) {
  return acquireRowLease(db, 'feeder', name, owner, now, until);
}

export function releaseFeederLease(db: Db, name: string, owner: string): Promise<void> {
  return releaseRowLease(db, 'feeder', name, owner);
}

export interface FeederProgress {
  /** undefined leaves the cursor as it is (webhooks have none). */
  cursor?: string;
  created: number;
  duplicates: number;
  failed: number;
  lag?: number;
  now: number;
  /** Required holder of the lease; the update is refused (false) when another node took it over. */
  leaseOwner?: string;
}

/** Adds a batch's figures and moves the cursor, in one statement. */
export async function recordFeederProgress(db: Db, name: string, p: FeederProgress): Promise<boolean> {
  let q = db
    .updateTable('feeder')
    .set({
      created_count: sql`created_count + ${p.created}`,
      duplicate_count: sql`duplicate_count + ${p.duplicates}`,
      failed_count: sql`failed_count + ${p.failed}`,
      last_run_at: p.now,
      last_success_at: p.now,
      ...(p.cursor !== undefined ? { cursor: p.cursor } : {}),
      ...(p.lag !== undefined ? { lag: p.lag } : {}),
    })
    .where('name', '=', name);
  if (p.leaseOwner !== undefined) q = q.where('lease_owner', '=', p.leaseOwner);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordFeederError(db: Db, name: string, message: string, now: number): Promise<void> {
  await db
    .updateTable('feeder')
    .set({ last_error: message.slice(0, 2000), last_error_at: now, last_run_at: now })
    .where('name', '=', name)
    .execute();
}

/** Failures are kept to this many per feeder; older ones are dropped. */
export const KEPT_FAILURES = 1000;

export async function insertFeederFailures(
  db: Db,
  name: string,
  failures: ReadonlyArray<{ ref: string; reason: string }>,
  now: number,
): Promise<void> {
  if (failures.length === 0) return;
  await db
    .insertInto('feeder_failure')
    .values(
      failures.map((f) => ({
        feeder: name,
        ref: f.ref.slice(0, 1000),
        reason: f.reason.slice(0, 4000),
        created_at: now,
      })),
    )
    .execute();
  const cutoff = await db
    .selectFrom('feeder_failure')
    .select('id')
    .where('feeder', '=', name)
    .orderBy('id', 'desc')
    .offset(KEPT_FAILURES)
    .limit(1)
    .executeTakeFirst();
  if (cutoff)
    await db.deleteFrom('feeder_failure').where('feeder', '=', name).where('id', '<=', cutoff.id).execute();
}

export async function listFeederFailures(db: Db, name: string, limit: number): Promise<FeederFailureRow[]> {
  return db
    .selectFrom('feeder_failure')
    .selectAll()
    .where('feeder', '=', name)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
