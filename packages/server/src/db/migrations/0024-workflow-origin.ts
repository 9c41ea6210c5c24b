/**
 * Workflows defined through the API beside those of the configuration file: `origin` tells them
 * apart, so that a start rewrites and prunes only the file's own (`config`), as for feeders.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE workflow ADD COLUMN origin text NOT NULL DEFAULT 'config'`.execute(db);
}
