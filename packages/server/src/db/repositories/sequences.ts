/**
 * Per-organisation counters (case numbers). The UPDATE takes a row lock on PostgreSQL, and SQLite
 * serialises writers, so two transactions never get the same value.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function nextSequence(
  trx: Kysely<Database>,
  organisationId: number,
  name: string,
): Promise<number> {
  const updated = await trx
    .updateTable('sequence')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirst();
  if (updated) return updated.value;
  await trx
    .insertInto('sequence')
    .values({ organisation_id: organisationId, name, value: 1 })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'name']).doUpdateSet((eb) => ({ value: eb('sequence.value', '+', 1) })),
    )
    .execute();
  return sequenceValue(trx, organisationId, name);
}

/** A counter's last value (0 before its first): what bulk loaders number from. */
export async function sequenceValue(
  db: Kysely<Database>,
  organisationId: number,
  name: string,
): Promise<number> {
  const row = await db
    .selectFrom('sequence')
    .select('value')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}
