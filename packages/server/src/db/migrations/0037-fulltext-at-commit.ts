/**
 * SQLite: new alerts and observables enter the full-text index at the end of their transaction
 * rather than by an insert trigger each (db/fulltext-at-commit.ts says why and how).
 *
 * `fulltext_indexed` starts at the highest id of each table: every existing row was indexed by the
 * trigger dropped here. The update and delete triggers of migration 0007 are replaced by the same
 * ones acting only on rows already indexed. FTS5 also gets a larger merge fan-in: with
 * `automerge` 16 (default 4) a level holds up to 16 segments before they are merged, so each term
 * is rewritten fewer times as the index grows; `crisismerge` (default 16) must stay above it.
 * PostgreSQL is unchanged: its full-text indexes are GIN expression indexes (migration 0007).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { INDEXED_AT_COMMIT } from '../fulltext-at-commit.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`CREATE TABLE fulltext_indexed (tbl TEXT PRIMARY KEY, last_id INTEGER NOT NULL)`.execute(db);
  for (const [table, columns] of Object.entries(INDEXED_AT_COMMIT)) {
    const fts = `${table}_fts`;
    const cols = columns.join(', ');
    const values = (prefix: string) => columns.map((c) => `${prefix}."${c}"`).join(', ');
    const indexed = `old.id <= (SELECT last_id FROM fulltext_indexed WHERE tbl = '${table}')`;
    await sql
      .raw(
        `INSERT INTO fulltext_indexed (tbl, last_id) SELECT '${table}', coalesce(max(id), 0) FROM "${table}"`,
      )
      .execute(db);
    for (const trigger of ['insert', 'delete', 'update'])
      await sql.raw(`DROP TRIGGER ${fts}_${trigger}`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_delete AFTER DELETE ON "${table}" WHEN ${indexed} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')}); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${cols} ON "${table}" WHEN ${indexed} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')}); INSERT INTO ${fts}(rowid, ${cols}) VALUES (new.id, ${values('new')}); END`,
      )
      .execute(db);
  }
  for (const table of ['case', 'alert', 'task', 'task_log', 'observable']) {
    await sql.raw(`INSERT INTO ${table}_fts(${table}_fts, rank) VALUES ('automerge', 16)`).execute(db);
    await sql.raw(`INSERT INTO ${table}_fts(${table}_fts, rank) VALUES ('crisismerge', 64)`).execute(db);
  }
}
