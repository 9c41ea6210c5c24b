/**
 * The audit outbox read in id order, for the live stream and the flow (events/stream/,
 * domain/stream/). The stream's reader reads every organisation's rows and dispatches them to the
 * streams of each organisation; the flow reads one organisation's rows (`audit.organisation_id`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuditTable, Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { auditVisible } from '../visibility.js';

type Db = Kysely<Database>;
export type AuditRow = Selectable<AuditTable>;

/** The newest audit id (0 when there is none). */
export async function lastAuditId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Audit rows with an id above `afterId`, oldest first (every organisation: the stream dispatches). */
export async function auditsAfter(db: Db, afterId: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('audit').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** The audit rows among these ids that exist (are committed), oldest first. */
export async function auditsByIds(db: Db, ids: readonly number[]): Promise<AuditRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('audit')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

/**
 * The newest main audits of an organisation (one per request), optionally under one root object,
 * without those about users (logins, user changes), as TheHive's flow.
 */
export async function latestMainAudits(
  db: Db,
  scope: Scope,
  rootId: string | undefined,
  count: number,
): Promise<AuditRow[]> {
  let q = db
    .selectFrom('audit')
    .selectAll()
    .where(auditVisible(scope))
    .where('main_action', '=', 1)
    .where('object_type', '!=', 'User');
  if (rootId !== undefined) q = q.where('root_id', '=', rootId);
  return q.orderBy('id', 'desc').limit(count).execute();
}

/** Every audit row of these requests in the organisation (for the summaries of the flow). */
export async function auditsOfRequests(
  db: Db,
  scope: Scope,
  requestIds: readonly string[],
): Promise<AuditRow[]> {
  if (requestIds.length === 0) return [];
  return db
    .selectFrom('audit')
    .selectAll()
    .where(auditVisible(scope))
    .where('request_id', 'in', [...new Set(requestIds)])
    .orderBy('id')
    .execute();
}

/** One organisation's audit rows with an id above `afterId`, oldest first (resuming an event stream). */
/** The rows a scope sees after `afterId` (its own, and those of the cases shared with it). */
export async function organisationAuditsAfter(
  db: Db,
  scope: Scope,
  afterId: number,
  limit: number,
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit')
    .selectAll()
    .where(auditVisible(scope))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
