/**
 * Query plans for the tests that prove a read uses an index: SQLite's EXPLAIN QUERY PLAN, or
 * PostgreSQL's EXPLAIN with sequential scans (unless `seqScans`) and any other planner settings
 * named turned off, of a compiled statement with its parameters bound as the server binds them.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.js';

export async function queryPlan(
  db: Kysely<any>,
  dialect: Dialect,
  compiled: { sql: string; parameters: readonly unknown[] },
  off: string[] = [],
  /** Leave sequential scans on: the plan the server itself gets. */
  options: { seqScans?: boolean } = {},
): Promise<string[]> {
  if (dialect === 'sqlite') {
    const res = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]),
    );
    return res.rows.map((r) => r.detail);
  }
  return db.transaction().execute(async (trx) => {
    for (const setting of [...(options.seqScans ? [] : ['enable_seqscan']), ...off])
      await sql`SET LOCAL ${sql.raw(setting)} = off`.execute(trx);
    const res = await trx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
    );
    return res.rows.map((r) => r['QUERY PLAN']);
  });
}
