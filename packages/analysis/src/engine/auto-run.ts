/**
 * Auto-run: analyzers an organisation marked `autoRun` run on every new observable whose data type
 * they accept (case and alert observables), as the user who created the observable. The reader
 * follows the audit outbox (`create` rows of `Observable`) from a cursor stored in the database:
 * one node at a time advances it (the cursor row is locked in the claiming transaction), so an
 * observable is analysed once even with several nodes. Rows are read once they are two seconds old,
 * which leaves slower concurrent transactions (PostgreSQL takes ids at insert) time to commit.
 * At most once: a node dying between claiming a batch and queuing its jobs loses those runs.
 */
import {
  type Deps,
  inTransaction,
  parseId,
  type RequestContext,
  userByLogin,
} from '@propolis/server/extension';
import { sql } from 'kysely';
import { analysisDb } from '../db/schema.js';
import type { Analysis } from '../domain/analysis.js';
import { runAnalyzerOnObservable } from '../domain/connector.js';

const CURSOR = 'auto-run';
const SETTLE_MS = 2000;
const BATCH = 500;

interface Created {
  observableId: number;
  organisationId: number;
  login: string;
}

async function claimBatch(a: Analysis): Promise<Created[]> {
  return inTransaction(a.deps, async (trx) => {
    const db = analysisDb(trx);
    const lock = a.dialect === 'postgres' ? sql`FOR UPDATE` : sql``;
    const cursor = (
      await sql<{
        position: number;
      }>`SELECT position FROM analysis_cursor WHERE name = ${CURSOR} ${lock}`.execute(db)
    ).rows[0];
    if (!cursor) {
      // first use: begin at the end of the outbox (existing observables are not analysed)
      const top = await db
        .selectFrom('audit')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      await db
        .insertInto('analysis_cursor')
        .values({ name: CURSOR, position: Number(top?.id ?? 0) })
        .onConflict((oc) => oc.column('name').doUpdateSet({ position: Number(top?.id ?? 0) }))
        .execute();
      return [];
    }
    const rows = await db
      .selectFrom('audit')
      .select(['id', 'object_id', 'organisation_id', 'user_login', 'action', 'object_type', 'created_at'])
      .where('id', '>', Number(cursor.position))
      .where('created_at', '<=', Date.now() - SETTLE_MS)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return [];
    await db
      .updateTable('analysis_cursor')
      .set({ position: rows[rows.length - 1]!.id })
      .where('name', '=', CURSOR)
      .execute();
    return rows
      .filter((r) => r.action === 'create' && r.object_type === 'Observable' && r.organisation_id !== null)
      .flatMap((r) => {
        const id = parseId(r.object_id);
        return id === undefined
          ? []
          : [{ observableId: id, organisationId: r.organisation_id!, login: r.user_login }];
      });
  });
}

/**
 * One reader per node. The cursor always follows the outbox, so an analyzer turned to auto-run
 * applies to observables created from then on; a tick writes only when there are new rows.
 */
export class AutoRunner {
  constructor(
    private readonly a: Analysis,
    private readonly log: (message: string) => void,
  ) {}

  async tick(): Promise<number> {
    const db = analysisDb(this.a.deps.db);
    const cursor = await db
      .selectFrom('analysis_cursor')
      .select('position')
      .where('name', '=', CURSOR)
      .executeTakeFirst();
    if (cursor) {
      const next = await db
        .selectFrom('audit')
        .select('id')
        .where('id', '>', Number(cursor.position))
        .where('created_at', '<=', Date.now() - SETTLE_MS)
        .limit(1)
        .executeTakeFirst();
      if (!next) return 0;
    }
    const any = await db
      .selectFrom('analysis_worker')
      .select('id')
      .where('auto_run', '=', 1)
      .limit(1)
      .executeTakeFirst();
    const created = await claimBatch(this.a);
    return any ? autoRun(this.a, created, this.log) : 0;
  }
}

async function autoRun(a: Analysis, created: Created[], log: (message: string) => void): Promise<number> {
  if (created.length === 0) return 0;
  let queued = 0;
  const workersByOrg = new Map<number, Awaited<ReturnType<typeof autoWorkers>>>();
  for (const c of created) {
    let workers = workersByOrg.get(c.organisationId);
    if (!workers) {
      workers = await autoWorkers(a, c.organisationId);
      workersByOrg.set(c.organisationId, workers);
    }
    if (workers.length === 0) continue;
    const ctx = await contextOf(a.deps, c);
    if (!ctx) continue;
    for (const w of workers) {
      try {
        await runAnalyzerOnObservable(
          a,
          ctx,
          { analyzerId: w.id, artifactId: `~${c.observableId}` },
          { auto: true },
        );
        queued++;
      } catch (error) {
        // data type not accepted, observable deleted since: nothing to run
        if (!/does not accept|not found/.test((error as Error).message))
          log(`auto-run of ${w.name} on observable ~${c.observableId}: ${(error as Error).message}`);
      }
    }
  }
  return queued;
}

async function autoWorkers(a: Analysis, organisationId: number) {
  return analysisDb(a.deps.db)
    .selectFrom('analysis_worker')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('type', '=', 'analyzer')
    .where('auto_run', '=', 1)
    .execute();
}

async function contextOf(deps: Deps, c: Created): Promise<RequestContext | undefined> {
  const user = await userByLogin(deps.db, c.login);
  if (!user) return undefined;
  try {
    return {
      requestId: crypto.randomUUID(),
      actor: await deps.authenticator.actorFor(user, `~${c.organisationId}`),
    };
  } catch {
    return undefined;
  }
}
