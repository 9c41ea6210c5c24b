/**
 * The newest cases (or alerts) of the organisation holding a value, read through the partial
 * indexes observable_similar_case / observable_similar_alert of migration 0010 (organisation,
 * data key, type, parent id, ioc; only observables that take part in similarity). Each value is
 * one index range read of at most `limit` entries, newest parent first, that never touches the
 * table: the work is bounded by the number of values times the limit, never by how many cases
 * share a popular value. Several values go in one statement (a UNION ALL of their reads).
 *
 * Every query here states the partial indexes' condition (`case_id > 0` or `alert_id > 0`, and
 * `ignore_similarity = 0`) as literals: that is what lets the planners use them (migration 0010).
 *
 * On PostgreSQL the values go in as arrays, one LATERAL read per element: a statement of one short
 * text, whatever the number of values. A UNION ALL of 20 reads took PostgreSQL longer to plan than
 * to run (planning ~20 ms of the busy machine's CPU per answer against ~3 ms of execution, from
 * pg_stat_statements with track_planning); the LATERAL form plans once per statement in well under
 * a millisecond. SQLite has no arrays or LATERAL, and its UNION ALL prepares once per text (kept in
 * the connection's statement cache).
 */
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf, similarityVisible } from '../visibility.js';
import type { SimilarityKey } from './observables.js';

type Db = Kysely<Database>;

export type SimilarSide = 'case' | 'alert';

/** One read: a value, at most `limit` parents, optionally only below `below` (to read further). */
export interface NewestRead {
  key: SimilarityKey;
  limit: number;
  below?: number;
}

export interface NewestReadOptions {
  /** A parent left out (the alert itself, or the alert's case). */
  exclude?: number | null;
  /** Only parents with an id at least this one (older ones are known not to be answered). */
  from?: number;
  /** Read the cases shared with the organisation instead of its own (db/visibility.ts). */
  shared?: boolean;
}

const PARENT = { case: 'case_id', alert: 'alert_id' } as const;

function readQuery(
  db: Db,
  scope: Scope,
  side: SimilarSide,
  read: NewestRead,
  index: number,
  options: NewestReadOptions,
) {
  const parent = PARENT[side];
  let q = db
    .selectFrom('observable')
    .select((eb) => [sql.lit(index).as('read'), eb.ref(parent).$notNull().as('parent'), 'ioc'])
    .where(similarityVisible(scope, options.shared))
    .where('data_key', '=', read.key.data_key)
    .where('data_type', '=', read.key.data_type)
    // The partial index's condition, as literals, so that both planners see that it holds.
    .where(parent, '>', sql.lit(0))
    .where('ignore_similarity', '=', sql.lit(0));
  if (options.exclude !== undefined && options.exclude !== null) q = q.where(parent, '<>', options.exclude);
  if (options.from !== undefined) q = q.where(parent, '>=', options.from);
  if (read.below !== undefined) q = q.where(parent, '<', read.below);
  return q.orderBy(parent, 'desc').limit(read.limit);
}

/** One row of a newest-matches read: a parent holding the value of read number `read`. */
export interface NewestMatch {
  read: number | string;
  parent: number;
  ioc: number;
}

/**
 * The reads in one statement. Each row is a parent holding the value of read number `read` (its
 * position in `reads`), with `ioc`: whether its observable of that value is an IOC.
 */
export function newestMatchesQuery(
  db: Db,
  scope: Scope,
  side: SimilarSide,
  reads: NewestRead[],
  options: NewestReadOptions,
): { compile(): CompiledQuery; execute(): Promise<NewestMatch[]> } {
  if (reads.length === 0) throw new Error('newestMatchesQuery needs at least one read');
  if (dialectOf(db) === 'postgres') return lateralMatchesQuery(db, scope, side, reads, options);
  const [first, ...rest] = reads.map((r, i) =>
    db.selectFrom(readQuery(db, scope, side, r, i, options).as(`r${i}`)).selectAll(),
  );
  return rest.reduce((q, next) => q.unionAll(next), first!);
}

/** Above any id: a read without `below`. */
const NO_BOUND = '9223372036854775807';

/** PostgreSQL: the reads as arrays, each element one LATERAL index range read. */
function lateralMatchesQuery(
  db: Db,
  scope: Scope,
  side: SimilarSide,
  reads: NewestRead[],
  options: NewestReadOptions,
) {
  const parent = sql.ref(`o.${PARENT[side]}`);
  const extra = [
    options.exclude !== undefined && options.exclude !== null
      ? sql`AND ${parent} <> ${options.exclude}`
      : sql``,
    options.from !== undefined ? sql`AND ${parent} >= ${options.from}` : sql``,
  ];
  const query = sql<NewestMatch>`SELECT (k.ord - 1)::int AS "read", m.parent, m.ioc
    FROM unnest(${reads.map((r) => r.key.data_key)}::text[], ${reads.map((r) => r.key.data_type)}::text[],
                ${reads.map((r) => r.limit)}::int[], ${reads.map((r) => (r.below === undefined ? NO_BOUND : String(r.below)))}::bigint[])
         WITH ORDINALITY AS k(data_key, data_type, lim, below, ord)
    CROSS JOIN LATERAL (
      SELECT ${parent} AS parent, o.ioc FROM observable o
       WHERE ${similarityVisible(scope, options.shared, 'o')}
         AND o.data_key = k.data_key AND o.data_type = k.data_type
         AND ${parent} > 0 AND o.ignore_similarity = 0
         AND ${parent} < k.below ${extra[0]} ${extra[1]}
       ORDER BY ${parent} DESC LIMIT k.lim) m`;
  return { compile: () => query.compile(db), execute: async () => (await query.execute(db)).rows };
}

/**
 * For each (data_type, data_key): how many case observables of the organisation hold it (outside
 * observables that ignore similarity), and how many of them are IOCs. Counted on the index
 * observable_similar_case alone: alert observables holding the value are never visited.
 */
export function seenCountsQuery(db: Db, scope: Scope, keys: SimilarityKey[], shared = false) {
  return db
    .selectFrom('observable')
    .select([
      'data_type',
      'data_key',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.sum<number>('ioc').as('iocs'),
    ])
    .where(similarityVisible(scope, shared))
    .where('data_key', 'in', [...new Set(keys.map((k) => k.data_key))])
    .where('data_type', 'in', [...new Set(keys.map((k) => k.data_type))])
    .where('case_id', '>', sql.lit(0))
    .where('ignore_similarity', '=', sql.lit(0))
    .groupBy(['data_type', 'data_key']);
}

/**
 * Observables of other cases with one of these keys (for case links), the first `limit` by case
 * then id, on the index observable_similar_case: only case observables holding the values are
 * visited, never the (usually far more numerous) alert observables holding them. The order is by
 * `+case_id, +id` so that SQLite sorts these rows rather than walk every case observable of the
 * organisation in observable_org_case order (2 s instead of 0.2 s at a million alerts).
 */
export function otherCasesObservablesQuery(
  db: Db,
  scope: Scope,
  caseId: number,
  keys: SimilarityKey[],
  limit: number,
  shared = false,
) {
  return db
    .selectFrom('observable')
    .selectAll()
    .where(similarityVisible(scope, shared))
    .where('data_key', 'in', [...new Set(keys.map((k) => k.data_key))])
    .where('data_type', 'in', [...new Set(keys.map((k) => k.data_type))])
    .where('case_id', '>', sql.lit(0))
    .where('ignore_similarity', '=', sql.lit(0))
    .where('case_id', '<>', caseId)
    .orderBy(sql`+${sql.ref('case_id')}`)
    .orderBy(sql`+${sql.ref('id')}`)
    .limit(limit);
}

/** Which of these alerts are answered as similar: not imported into a case (primary key). */
export const notImportedAlertIdsQuery = (db: Db, scope: Scope, ids: number[]) =>
  db
    .selectFrom('alert')
    .select('id')
    .where('id', 'in', ids)
    .where(sql`+${sql.ref('organisation_id')}`, '=', scope.organisationId)
    .where('case_id', 'is', null);
