/**
 * Daily alert counts kept by the database (query/aggregate-rollup.ts reads them for whole-set
 * dashboards): `alert_rollup` holds signed delta rows keyed by organisation, UTC day of `date`
 * (`date / 86400000`), TheHive 5 status, `imported` and `read` (the two make the v0 status), with the
 * count and the sums that averages of the handling duration need (the duration, and its integer
 * seconds, minutes, hours and days, as the computed fields define them).
 *
 * Triggers on `alert` append a +1 row for an inserted alert, a -1 row for a deleted one, and both
 * for an update that changes one of those columns, so every path that writes alerts (commands,
 * bulk load, foreign-key actions) keeps the rollup exact. Rows are only ever appended, so
 * concurrent transactions never wait on each other here (an UPDATE of one counter per day would
 * make every alert creation of the day queue on that row in PostgreSQL). db/repositories/
 * alert-rollup.ts folds the deltas into one row per key from time to time; reads sum whatever is
 * there. The migration fills the table from the existing alerts.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { bigint, withId } from './columns.js';

const KEY = ['organisation_id', 'day', 'status', 'imported', 'read'];
const SUMS = ['n', 'hd_n', 'hd_ms', 'hd_s', 'hd_m', 'hd_h', 'hd_d'];
const COLUMNS = [...KEY, ...SUMS].join(', ');

/** The values of one delta row for the alert row `r` (`new` or `old`), signed. */
function deltaValues(r: string, sign: '' | '-'): string {
  const hd = `${r}.handling_duration`;
  return [
    `${r}.organisation_id`,
    `${r}.date / 86400000`,
    `${r}.status`,
    `CASE WHEN ${r}.case_id IS NULL THEN 0 ELSE 1 END`,
    `${r}.read`,
    `${sign}1`,
    `${sign}(CASE WHEN ${hd} IS NULL THEN 0 ELSE 1 END)`,
    `${sign}coalesce(${hd}, 0)`,
    `${sign}coalesce(${hd} / 1000, 0)`,
    `${sign}coalesce(${hd} / 60000, 0)`,
    `${sign}coalesce(${hd} / 3600000, 0)`,
    `${sign}coalesce(${hd} / 86400000, 0)`,
  ].join(', ');
}

const TRACKED = ['organisation_id', 'date', 'status', 'case_id', 'read', 'handling_duration'];
const changed = (distinct: string) => TRACKED.map((c) => `OLD.${c} ${distinct} NEW.${c}`).join(' OR ');

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = bigint(dialect);
  await withId(db.schema.createTable('alert_rollup'), dialect)
    .addColumn('organisation_id', big, (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull())
    .addColumn('n', big, (c) => c.notNull())
    .addColumn('hd_n', big, (c) => c.notNull())
    .addColumn('hd_ms', big, (c) => c.notNull())
    .addColumn('hd_s', big, (c) => c.notNull())
    .addColumn('hd_m', big, (c) => c.notNull())
    .addColumn('hd_h', big, (c) => c.notNull())
    .addColumn('hd_d', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alert_rollup_org_day')
    .on('alert_rollup')
    .columns(['organisation_id', 'day'])
    .execute();

  const insert = (values: string) => `INSERT INTO alert_rollup (${COLUMNS}) VALUES (${values});`;
  if (dialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER alert_rollup_insert AFTER INSERT ON alert BEGIN ${insert(deltaValues('new', ''))} END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER alert_rollup_delete AFTER DELETE ON alert BEGIN ${insert(deltaValues('old', '-'))} END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER alert_rollup_update AFTER UPDATE OF ${TRACKED.join(', ')} ON alert WHEN ${changed('IS NOT')} BEGIN ${insert(deltaValues('old', '-'))} ${insert(deltaValues('new', ''))} END`,
      )
      .execute(db);
  } else {
    await sql
      .raw(`CREATE FUNCTION alert_rollup_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN ${insert(deltaValues('OLD', '-'))} END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN ${insert(deltaValues('NEW', ''))} END IF;
  RETURN NULL;
END
$$`)
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER alert_rollup_insert_delete AFTER INSERT OR DELETE ON alert FOR EACH ROW EXECUTE FUNCTION alert_rollup_track()',
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER alert_rollup_update AFTER UPDATE OF ${TRACKED.join(', ')} ON alert FOR EACH ROW WHEN (${changed('IS DISTINCT FROM')}) EXECUTE FUNCTION alert_rollup_track()`,
      )
      .execute(db);
  }
  // The alerts already there, one row per key.
  await sql
    .raw(
      `INSERT INTO alert_rollup (${COLUMNS}) SELECT organisation_id, date / 86400000, status, CASE WHEN case_id IS NULL THEN 0 ELSE 1 END, read, count(*), count(handling_duration), coalesce(sum(handling_duration), 0), coalesce(sum(handling_duration / 1000), 0), coalesce(sum(handling_duration / 60000), 0), coalesce(sum(handling_duration / 3600000), 0), coalesce(sum(handling_duration / 86400000), 0) FROM alert GROUP BY 1, 2, 3, 4, 5`,
    )
    .execute(db);
}
