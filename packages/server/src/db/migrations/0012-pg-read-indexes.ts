/**
 * PostgreSQL indexes for two read paths that its planner otherwise serves row by row:
 *
 * - `case_title_fts`, `case_description_fts`: a full-text index of its own for a case's title and
 *   description. `_match` on one of these fields (the case search of the UI and of thehive4py)
 *   reads it, instead of narrowing through the whole-text index `case_fts` and computing the
 *   field's words for every candidate (at 100k cases and a word found in 6,000 of them, a page with
 *   its total went from ~65 ms to ~15 ms). SQLite's FTS5 table already answers a column filter.
 * - `alert_org_status_id`: alerts of a status in id order, read by the index alone. The limited
 *   total of a list filtered on status and tag is a merge join on the alert id; without this
 *   index PostgreSQL walks the primary key from the oldest alert and reads each row for its status
 *   (at 1M alerts, New and a tag: ~55 ms; with it, ~5 ms). SQLite's plan probes per tag instead.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const column of ['title', 'description']) {
    await sql`CREATE INDEX IF NOT EXISTS ${sql.raw(`case_${column}_fts`)} ON "case" USING gin (propolis_fts(coalesce(${sql.ref(column)}, '')))`.execute(
      db,
    );
  }
  await sql`CREATE INDEX IF NOT EXISTS alert_org_status_id ON alert (organisation_id, status, id)`.execute(
    db,
  );
}
