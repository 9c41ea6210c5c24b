/**
 * The daily alert rollup (migration 0009): reads per organisation, and the folding of delta rows.
 * The triggers append one row per alert change; `foldAlertRollup` replaces every row written so far
 * by one row per key (organisation, day, status, imported, read), so that reads stay small.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Dialect } from '../database.js';
import type { AlertRollupTable, Database } from '../schema.js';

/** The rollup of one day and key (the table's row without its id and organisation). */
export type RollupRow = Omit<Selectable<AlertRollupTable>, 'id' | 'organisation_id'>;

const SUMS = ['n', 'hd_n', 'hd_ms', 'hd_s', 'hd_m', 'hd_h', 'hd_d'] as const;

/** Days `from <= day < to` (UTC day numbers, `date / 86400000`); either bound may be absent. */
export interface DayRange {
  from?: number;
  to?: number;
}

/**
 * The organisation's alerts per day and key, with the sums (keys whose alerts all went are left
 * out), and how many delta rows were read for them.
 */
export async function alertRollup(
  db: Kysely<Database>,
  organisationId: number,
  days: DayRange = {},
): Promise<{ rows: RollupRow[]; deltas: number }> {
  const sums = SUMS.map((c) => sql`sum(${sql.ref(c)}) AS ${sql.ref(c)}`);
  const from = days.from === undefined ? sql`` : sql` AND day >= ${days.from}`;
  const to = days.to === undefined ? sql`` : sql` AND day < ${days.to}`;
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT day, status, imported, read, count(*) AS deltas, ${sql.join(sums)}
    FROM alert_rollup WHERE organisation_id = ${organisationId}${from}${to}
    GROUP BY day, status, imported, read`.execute(db);
  let deltas = 0;
  const out: RollupRow[] = [];
  for (const r of rows) {
    deltas += Number(r.deltas);
    if (Number(r.n) === 0) continue;
    out.push({
      day: Number(r.day),
      status: String(r.status),
      imported: Number(r.imported),
      read: Number(r.read),
      n: Number(r.n),
      hd_n: Number(r.hd_n),
      hd_ms: Number(r.hd_ms),
      hd_s: Number(r.hd_s),
      hd_m: Number(r.hd_m),
      hd_h: Number(r.hd_h),
      hd_d: Number(r.hd_d),
    });
  }
  return { rows: out, deltas };
}

/**
 * Folds the delta rows written so far into one row per key, in one transaction; returns how many
 * rows it replaced. On PostgreSQL the transaction reads one snapshot (REPEATABLE READ), so a row
 * committed meanwhile is neither folded nor deleted; it is folded next time.
 */
export async function foldAlertRollup(db: Kysely<Database>, dialect: Dialect): Promise<number> {
  const run = async (trx: Kysely<Database>) => {
    const top = await trx
      .selectFrom('alert_rollup')
      .select((eb) => [eb.fn.max('id').as('max'), eb.fn.countAll().as('n')])
      .executeTakeFirst();
    const max = Number(top?.max ?? 0);
    const rows = Number(top?.n ?? 0);
    if (max === 0) return 0;
    const sums = SUMS.map((c) => sql`sum(${sql.ref(c)})`);
    await sql`INSERT INTO alert_rollup (organisation_id, day, status, imported, read, ${sql.join(SUMS.map((c) => sql.ref(c)))})
      SELECT organisation_id, day, status, imported, read, ${sql.join(sums)} FROM alert_rollup WHERE id <= ${max}
      GROUP BY organisation_id, day, status, imported, read
      HAVING sum(n) <> 0 OR sum(hd_n) <> 0`.execute(trx);
    await trx.deleteFrom('alert_rollup').where('id', '<=', max).execute();
    return rows;
  };
  if (dialect === 'postgres') return db.transaction().setIsolationLevel('repeatable read').execute(run);
  return db.transaction().execute(run);
}
