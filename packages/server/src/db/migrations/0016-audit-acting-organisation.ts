/**
 * Writes through a share (docs/sharing.md): the audit row of a change another organisation made on
 * a case shared with it belongs to the case's owner (so the owner's stream and flow carry it) and
 * names, here, the organisation that acted.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE audit ADD COLUMN acting_organisation_id integer`.execute(db);
}
