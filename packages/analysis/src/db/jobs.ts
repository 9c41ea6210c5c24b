/**
 * Jobs: the queue and the record of every analysis. Reads are scoped by organisation; the queue
 * functions (claim, lease, finish, recovery) are the engine's and work across organisations.
 *
 * Claiming takes the oldest Waiting job in one UPDATE: on PostgreSQL its sub-select locks the row
 * with FOR UPDATE SKIP LOCKED, so nodes claiming at once each get a different job and never wait for
 * one another; on SQLite the single writer makes the statement atomic.
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { AnalysisDatabase, AnalysisDb, AnalysisJobTable } from './schema.js';

export type JobRow = Selectable<AnalysisJobTable>;

export async function insertJob(db: AnalysisDb, row: Insertable<AnalysisJobTable>): Promise<JobRow> {
  return db.insertInto('analysis_job').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findJob(
  db: AnalysisDb,
  organisationId: number,
  id: number,
): Promise<JobRow | undefined> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findJobsByIds(
  db: AnalysisDb,
  organisationId: number,
  ids: number[],
): Promise<JobRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
}

/** The newest usable job with this cache tag started since `since` (Cortex's cache). */
export async function cachedJob(
  db: AnalysisDb,
  cacheTag: string,
  since: number,
): Promise<JobRow | undefined> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('cache_tag', '=', cacheTag)
    .where('status', 'not in', ['Failure', 'Deleted'])
    .where('start_date', '>=', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countJobsSince(db: AnalysisDb, workerId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('analysis_job')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('worker_id', '=', workerId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function claimJob(
  db: AnalysisDb,
  dialect: 'sqlite' | 'postgres',
  owner: string,
  now: number,
  leaseUntil: number,
  busyDefinitions: readonly string[],
): Promise<JobRow | undefined> {
  const skip =
    busyDefinitions.length > 0
      ? sql`AND worker_definition_id NOT IN (${sql.join(busyDefinitions.map((d) => sql`${d}`))})`
      : sql``;
  const lock = dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<JobRow>`
    UPDATE analysis_job
       SET status = 'InProgress', lease_owner = ${owner}, lease_until = ${leaseUntil},
           start_date = ${now}, updated_at = ${now}, attempts = attempts + 1
     WHERE id = (SELECT id FROM analysis_job WHERE status = 'Waiting' AND cortex_id IS NULL ${skip} ORDER BY id LIMIT 1 ${lock})
       AND status = 'Waiting'
     RETURNING *`.execute(db);
  return result.rows[0];
}

export async function renewLeases(
  db: AnalysisDb,
  owner: string,
  ids: number[],
  until: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('analysis_job')
    .set({ lease_until: until })
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'InProgress')
    .execute();
}

/** Records the end of a job this node holds; false when the lease was lost (another node took it). */
export async function finishJob(
  db: AnalysisDb,
  id: number,
  owner: string,
  values: Updateable<AnalysisJobTable>,
): Promise<JobRow | undefined> {
  return db
    .updateTable('analysis_job')
    .set({ ...values, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'InProgress')
    .returningAll()
    .executeTakeFirst();
}

/** In-progress jobs whose lease ran out: their node stopped or died. */
export async function expiredJobs(db: AnalysisDb, now: number): Promise<JobRow[]> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('status', '=', 'InProgress')
    .where('lease_until', '<', now)
    .limit(100)
    .execute();
}

/** Puts an expired job back in the queue, unless someone else already did something with it. */
export async function requeueJob(db: AnalysisDb, job: JobRow, now: number): Promise<boolean> {
  const result = await db
    .updateTable('analysis_job')
    .set({ status: 'Waiting', lease_owner: null, lease_until: null, start_date: null, updated_at: now })
    .where('id', '=', job.id)
    .where('status', '=', 'InProgress')
    .where('lease_until', '=', job.lease_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a job this node holds back to the queue (the node is stopping). */
export async function releaseJob(db: AnalysisDb, id: number, owner: string, now: number): Promise<void> {
  await db
    .updateTable('analysis_job')
    .set((eb) => ({
      status: 'Waiting',
      lease_owner: null,
      lease_until: null,
      start_date: null,
      updated_at: now,
      // a graceful stop does not count as an attempt
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'InProgress')
    .execute();
}

/** Takes over an expired job to fail it (then finished like any job of this node). */
export async function takeExpiredJob(db: AnalysisDb, job: JobRow, owner: string): Promise<boolean> {
  const result = await db
    .updateTable('analysis_job')
    .set({ lease_owner: owner })
    .where('id', '=', job.id)
    .where('status', '=', 'InProgress')
    .where('lease_until', '=', job.lease_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setJobStatus(
  db: AnalysisDb,
  organisationId: number,
  id: number,
  values: Updateable<AnalysisJobTable>,
): Promise<JobRow | undefined> {
  return db
    .updateTable('analysis_job')
    .set(values)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export interface JobListQuery {
  organisationId: number;
  where?: (eb: ExpressionBuilder<AnalysisDatabase, 'analysis_job'>) => Expression<SqlBool>;
  sort: Array<{ column: keyof JobRow & string; direction: 'asc' | 'desc' }>;
  offset: number;
  limit: number | null;
}

export async function listJobs(db: AnalysisDb, q: JobListQuery): Promise<{ rows: JobRow[]; total: number }> {
  let base = db.selectFrom('analysis_job').where('organisation_id', '=', q.organisationId);
  if (q.where) base = base.where(q.where);
  let page = base.selectAll();
  for (const s of q.sort) page = page.orderBy(s.column, s.direction);
  page = page.orderBy('id', 'desc');
  // SQLite needs a LIMIT before an OFFSET
  if (q.limit !== null || q.offset > 0) page = page.limit(q.limit ?? 1e15);
  if (q.offset > 0) page = page.offset(q.offset);
  const [rows, count] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function jobsOfObservable(
  db: AnalysisDb,
  organisationId: number,
  observableId: number,
): Promise<JobRow[]> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('observable_id', '=', observableId)
    .where('status', '!=', 'Deleted')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
}

export async function jobsOfObject(
  db: AnalysisDb,
  organisationId: number,
  objectType: string,
  objectId: number,
): Promise<JobRow[]> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .where('status', '!=', 'Deleted')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
}

/** Jobs of external Cortex servers still running, free to be followed (no live lease). */
export async function remoteJobsToFollow(db: AnalysisDb, now: number, limit: number): Promise<JobRow[]> {
  return db
    .selectFrom('analysis_job')
    .selectAll()
    .where('cortex_id', 'is not', null)
    .where('status', 'in', ['Waiting', 'InProgress'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Takes the right to follow a remote job for a while (one node at a time). */
export async function leaseRemoteJob(
  db: AnalysisDb,
  job: JobRow,
  owner: string,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('analysis_job')
    .set({
      lease_owner: owner,
      lease_until: until,
      status: 'InProgress',
      start_date: job.start_date ?? Date.now(),
    })
    .where('id', '=', job.id)
    .where('status', 'in', ['Waiting', 'InProgress'])
    .where((eb) =>
      job.lease_until === null ? eb('lease_until', 'is', null) : eb('lease_until', '=', job.lease_until),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Lets a remote job be followed again at the next tick. */
export async function releaseRemoteJob(db: AnalysisDb, id: number, owner: string): Promise<void> {
  await db
    .updateTable('analysis_job')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}
