/**
 * Full-text search (query/fulltext.ts compiles `_match` and `_string` free words against these).
 *
 * SQLite: one FTS5 external-content table per entity (`<table>_fts`, rowid = the row id,
 * unicode61 tokenizer, diacritics kept), kept in sync by triggers, so the index changes in the
 * same transaction as the row. Substring searches (`*x*`) stay `LIKE` scans on SQLite: an FTS5
 * trigram index made single-row inserts about 3 times slower and the file 4 times larger
 * (measured on 100k cases, see docs/query.md).
 *
 * PostgreSQL: a GIN index on `propolis_fts(<text columns>)` per entity (an expression index rather
 * than a stored tsvector column: same maintenance inside the write's transaction, but `SELECT *`
 * does not carry the tsvector), and GIN trigram indexes (pg_trgm) on the searched text columns
 * for `ILIKE '%x%'`. When pg_trgm cannot be installed the trigram indexes are skipped (substring
 * searches scan) and the server logs it at start.
 *
 * Both sides split text into words on every character that is not a letter or a digit, lowercase,
 * and keep accents, so that a word matches the same rows on both databases.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/** Indexed text columns per table (never edit: query/entities/*.ts `fulltext` must match). */
const INDEXED: Record<string, string[]> = {
  case: ['title', 'description', 'summary'],
  alert: ['title', 'description', 'summary'],
  task: ['title', 'description'],
  task_log: ['message'],
  observable: ['data', 'message'],
};

/** Columns with a trigram index on PostgreSQL (substring search). */
const TRIGRAM: Array<[string, string]> = [
  ['case', 'title'],
  ['case', 'description'],
  ['alert', 'title'],
  ['alert', 'description'],
  ['task', 'title'],
  ['task_log', 'message'],
  ['observable', 'data'],
];

const q = (name: string) => `"${name}"`;

async function sqlite(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(INDEXED)) {
    const fts = `${table}_fts`;
    const cols = columns.join(', ');
    const values = (prefix: string) => columns.map((c) => `${prefix}.${q(c)}`).join(', ');
    await sql
      .raw(
        `CREATE VIRTUAL TABLE ${fts} USING fts5(${cols}, content=${q(table)}, content_rowid='id', tokenize='unicode61 remove_diacritics 0')`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${q(table)} BEGIN INSERT INTO ${fts}(rowid, ${cols}) VALUES (new.id, ${values('new')}); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${q(table)} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')}); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${cols} ON ${q(table)} BEGIN INSERT INTO ${fts}(${fts}, rowid, ${cols}) VALUES ('delete', old.id, ${values('old')}); INSERT INTO ${fts}(rowid, ${cols}) VALUES (new.id, ${values('new')}); END`,
      )
      .execute(db);
    await sql.raw(`INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`).execute(db);
  }
}

async function postgres(db: Kysely<unknown>): Promise<void> {
  // words = runs of letters and digits; texts are cut at 500,000 characters (tsvector size limit)
  await sql
    .raw(
      `CREATE FUNCTION propolis_fts(text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT to_tsvector('simple'::regconfig, regexp_replace(left($1, 500000), '[^[:alnum:]]+', ' ', 'g')) $$`,
    )
    .execute(db);
  for (const [table, columns] of Object.entries(INDEXED)) {
    const text = columns.map((c) => `coalesce(${q(c)}, '')`).join(` || ' ' || `);
    await sql.raw(`CREATE INDEX ${table}_fts ON ${q(table)} USING gin (propolis_fts(${text}))`).execute(db);
  }
  // pg_trgm may be unavailable (managed databases, no superuser): keep going without it
  let trigram = true;
  await sql`SAVEPOINT propolis_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`RELEASE SAVEPOINT propolis_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT propolis_trgm`.execute(db);
    trigram = false;
  }
  if (!trigram) return;
  for (const [table, column] of TRIGRAM) {
    await sql
      .raw(`CREATE INDEX ${table}_${column}_trgm ON ${q(table)} USING gin (${q(column)} gin_trgm_ops)`)
      .execute(db);
  }
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sqlite(db);
  else await postgres(db);
}
