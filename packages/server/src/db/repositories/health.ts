/**
 * The cheapest query that proves the database answers.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export async function pingDatabase(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('organisation').select('id').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}

/** Whether a PostgreSQL extension is installed in the database. */
export async function hasPostgresExtension(db: Kysely<Database>, name: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM pg_extension WHERE extname = ${name}`.execute(db);
  return rows.length > 0;
}
