/**
 * Similarity reads bounded by what they answer, not by how many observables share a value
 * (db/repositories/similarity.ts). Per organisation and value (data key, type), only observables
 * that take part in similarity, on their side:
 *
 * - observable_similar_case: case observables by case id, with `ioc` — the newest cases holding a
 *   value are a short range read that never touches the table, and so are "seen" counts;
 * - observable_similar_alert: the same for alert observables by alert id (similar alerts);
 * - observable_similar_dated: case observables by start date (with `case_id`, so that a page of an
 *   observable's `similar` list, newest first, is chosen on the index alone).
 *
 * The condition says `case_id > 0` (ids start at 1), not `IS NOT NULL`, on purpose: SQLite matches
 * a partial index's condition term by term, so only the queries that state it can use these
 * indexes. SQLite plans without statistics here, and offered a covering index that `alert_id = ?`
 * implies, it scans a whole organisation's observables for one alert's keys (seen with EXPLAIN):
 * the other observable queries keep their plans.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

const INDEXES: Array<[name: string, parent: 'case_id' | 'alert_id', order: string[]]> = [
  ['observable_similar_case', 'case_id', ['case_id', 'ioc']],
  ['observable_similar_alert', 'alert_id', ['alert_id', 'ioc']],
  ['observable_similar_dated', 'case_id', ['start_date', 'id', 'case_id']],
];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const [name, parent, order] of INDEXES) {
    await db.schema
      .createIndex(name)
      .on('observable')
      .columns(['organisation_id', 'data_key', 'data_type', ...order])
      .where(sql.ref(parent), '>', 0)
      .where(sql.ref('ignore_similarity'), '=', 0)
      .execute();
  }
}
