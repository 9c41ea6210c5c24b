/**
 * Unique-constraint violations name their constraint on both databases, and only the alert
 * deduplication constraint is answered as a duplicate alert.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../domain/deps.js';
import { useOrganisation } from '../test-support/identity.js';
import { useTestServer } from '../test-support/server.js';
import { ALERT_DEDUP_CONSTRAINT, isUniqueConflict, UniqueConflictError } from './errors.js';

const server = useTestServer();
const soc = useOrganisation(server, 'uniq');

/** Inserts a copy (without its id) of the row `id` of `table`, expecting a unique violation. */
async function copyRow(table: 'alert' | 'case' | 'organisation', id: number): Promise<UniqueConflictError> {
  const deps = server.propolis.deps;
  const error = await inTransaction(deps, async (trx) => {
    const { id: _id, ...row } = await trx
      .selectFrom(table)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto(table)
      .values(row as never)
      .execute();
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UniqueConflictError);
  return error as UniqueConflictError;
}

const idOf = (wire: string) => Number(wire.slice(1));

describe('unique violations', () => {
  it('carry the constraint name, the same on SQLite and PostgreSQL', async () => {
    const org = await server.admin.get('/api/v1/organisation/uniq');
    const orgClash = await copyRow('organisation', idOf(org.body._id));
    expect(orgClash.constraint).toBe('organisation_name_key');
    expect(orgClash.type).toBe('ConflictError');
    expect(orgClash.message).toMatch(/^Already exists \(.+\): a concurrent request created it first$/);
    expect(isUniqueConflict(orgClash, ALERT_DEDUP_CONSTRAINT)).toBe(false);

    const kase = await soc.analyst.post('/api/v1/case', { title: 'c', description: 'd' });
    expect(kase.status, kase.text).toBe(201);
    expect((await copyRow('case', idOf(kase.body._id))).constraint).toBe('case_number');

    const alert = await soc.analyst.post('/api/v1/alert', {
      type: 't',
      source: 's',
      sourceRef: 'r',
      title: 'a',
      description: 'd',
    });
    expect(alert.status, alert.text).toBe(201);
    const alertClash = await copyRow('alert', idOf(alert.body._id));
    expect(alertClash.constraint).toBe(ALERT_DEDUP_CONSTRAINT);
    expect(isUniqueConflict(alertClash, ALERT_DEDUP_CONSTRAINT)).toBe(true);
  });
});
