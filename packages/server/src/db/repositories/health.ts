/**
 * The cheapest query that proves the database answers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function pingDatabase(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('organisation').select('id').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}
