/**
 * Reads run as named prepared statements on PostgreSQL (db/pg-prepared.ts): parsed once per
 * connection, and planned once when PostgreSQL finds its generic plan as good as the custom ones.
 * Planning a simple read costs the backend more than running it (about 0.3 ms against 0.05 ms for
 * an alert by id), so the reads of hot paths with a fixed text and one right plan whatever the
 * values (rows by primary key, one index range read) go through here. SQLite prepares every
 * statement once per text already (db/sqlite-dialect.ts).
 */
import type { Compilable, Kysely } from 'kysely';
import { preparedRead } from './pg-prepared.js';
import type { Database } from './schema.js';
import { dialectOf } from './visibility.js';

export async function executePrepared<O>(db: Kysely<Database>, query: Compilable<O>): Promise<O[]> {
  const compiled = query.compile();
  if (dialectOf(db) === 'postgres') preparedRead(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}
