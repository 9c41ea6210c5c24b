/**
 * Observables: an index for "the observables of this case in this organisation". Without it the
 * planner may pick observable_similar (organisation_id only) for case-level reads, which scans the
 * whole organisation; two equalities make this index the obvious choice on both dialects.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('observable_org_case')
    .on('observable')
    .columns(['organisation_id', 'case_id', 'id'])
    .execute();
}
