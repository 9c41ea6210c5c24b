/**
 * The newest cases (or alerts) of the organisation holding a value, read through the partial index
 * observable_similar_case of migration 0010 (organisation, data key, type, case id, ioc; only case
 * observables that take part in similarity) or the index observable_value of migration 0036
 * (organisation, data key, type, alert id, ignore_similarity, ioc; every observable). Each value is
 * one index range read of at most `limit` entries, newest parent first, that never touches the
 * table: the work is bounded by the number of values times the limit, never by how many cases
 * share a popular value. Several values go in one statement (a UNION ALL of their reads).
 *
 * Every query here states the partial indexes' condition (`case_id > 0` or `alert_id > 0`, and
 * `ignore_similarity = 0`) as literals: that is what lets the planners use them (migration 0010).
 *
 * On PostgreSQL the values' reads merged newest parent first (`rows`, the similar cases' and
 * alerts' first read) are a UNION ALL of a few fixed texts run as named prepared statements
 * (mergedMatchesPg); the others (`limit` per value) go in as arrays, one LATERAL read per element:
 * a statement of one short text, whatever the number of values. A UNION ALL of 20 reads took PostgreSQL longer to plan than
 * to run (planning ~20 ms of the busy machine's CPU per answer against ~3 ms of execution, from
 * pg_stat_statements with track_planning); the LATERAL form plans once per statement in well under
 * a millisecond. SQLite has no arrays or LATERAL, and its UNION ALL prepares once per text (kept in
 * the connection's statement cache).
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { preparedRead } from '../pg-prepared.js';
import { executeNamedRead } from '../prepared-read.js';
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
  /**
   * At most this many rows in all, newest parent first, instead of each read's `limit`. The
   * reads' index ranges are then merged (SQLite: a `MERGE (UNION ALL)` of the ordered reads, no
   * sort, as a read with its own LIMIT would be a subquery sorted on its own; PostgreSQL: a
   * `Merge Append` of backward index-only reads, see mergedMatchesPg) and the merge stops there, so
   * that only the newest parents' entries are read instead of each value's `limit` newest. The
   * answer then holds, for every read, all of its rows with a parent newer than the last row's, or
   * all of its rows when fewer came (see `merged` of the result).
   */
  rows?: number;
}

const PARENT = { case: 'case_id', alert: 'alert_id' } as const;

/** One row of a newest-matches read: a parent holding the value of read number `read`. */
export interface NewestMatch {
  read: number | string;
  parent: number;
  ioc: number;
}

/**
 * Bounds that hold for every parent (ids are positive and far below 2^53): a read without `below`,
 * `from` or `exclude` binds these, so that one text serves every read of a shape.
 */
const NO_BELOW = Number.MAX_SAFE_INTEGER;
const NO_FROM = 0;
const NO_EXCLUDE = 0;

const boundsOf = (read: NewestRead, options: NewestReadOptions) => [
  options.exclude ?? NO_EXCLUDE,
  options.from ?? NO_FROM,
  read.below ?? NO_BELOW,
];

/**
 * The reads in one statement. Each row is a parent holding the value of read number `read` (its
 * position in `reads`), with `ioc`: whether its observable of that value is an IOC.
 *
 * The statement is written here rather than built through Kysely's query builder: building and
 * compiling the 20 subqueries of an alert's values cost about a millisecond of CPU per answer, more
 * than SQLite took to run them. Its text depends only on the side, the number of reads and the
 * scope's visibility condition, so each connection prepares it once (SQLite's statement cache,
 * PostgreSQL's named statements).
 */
export function newestMatchesQuery(
  db: Db,
  scope: Scope,
  side: SimilarSide,
  reads: NewestRead[],
  options: NewestReadOptions,
): { compile(): CompiledQuery; execute(): Promise<NewestMatch[]>; merged: boolean } {
  if (reads.length === 0) throw new Error('newestMatchesQuery needs at least one read');
  const postgres = dialectOf(db) === 'postgres';
  const merged = options.rows !== undefined;
  const compiled = postgres
    ? pgMatches(db, scope, side, reads, options)
    : unionMatches(db, scope, side, reads, options);
  return {
    compile: () => compiled,
    execute: async () => (await executeNamedRead(db, compiled as CompiledQuery<NewestMatch>)).rows,
    /** Whether the rows are the newest `options.rows` of the merged reads (`rows` given). */
    merged,
  };
}

/** Statement texts by shape (side, number of reads, visibility text): a few per process. */
const texts = new Map<string, string>();
const MAX_TEXTS = 500;

function textOf(shape: string, build: () => string): string {
  let text = texts.get(shape);
  if (text === undefined) {
    text = build();
    if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!);
    texts.set(shape, text);
  }
  return text;
}

/** A statement of the reads, on one database. */
type MatchesText = (
  db: Db,
  scope: Scope,
  side: SimilarSide,
  reads: NewestRead[],
  options: NewestReadOptions,
) => CompiledQuery;

/**
 * SQLite: a UNION ALL of one index range read per value (SQLite has neither arrays nor LATERAL).
 * Each read states the partial index's condition (`> 0`, `ignore_similarity = 0`) as literals.
 */
const unionMatches: MatchesText = (db, scope, side, reads, options) => {
  const parent = PARENT[side];
  const visible = similarityVisible(scope, options.shared).compile(db);
  const merged = options.rows !== undefined;
  const text = textOf(`sqlite|${side}|${reads.length}|${merged}|${visible.sql}`, () =>
    reads
      .map(
        (_, i) =>
          `select * from (select ${i} as "read", "${parent}" as "parent", "ioc" from "observable" where ${visible.sql} and "data_key" = ? and "data_type" = ? and "${parent}" > 0 and "ignore_similarity" = 0 and "${parent}" <> ? and "${parent}" >= ? and "${parent}" < ? order by "${parent}" desc${merged ? '' : ' limit ?'}) as "r${i}"`,
      )
      .join(' union all ')
      .concat(merged ? ' order by "parent" desc limit ?' : ''),
  );
  const parameters: unknown[] = [];
  for (const read of reads)
    parameters.push(
      ...visible.parameters,
      read.key.data_key,
      read.key.data_type,
      ...boundsOf(read, options),
      ...(merged ? [] : [read.limit]),
    );
  if (merged) parameters.push(options.rows);
  return CompiledQuery.raw(text, parameters);
};

/** PostgreSQL: the merged read when `rows` is given (mergedMatchesPg), else each value's `limit` (lateralMatches). */
const pgMatches: MatchesText = (db, scope, side, reads, options) => {
  const read: PgRead = {
    side,
    parent: `o.${PARENT[side]}`,
    visible: similarityVisible(scope, options.shared, 'o').compile(db),
    bounds: boundsOf(reads[0]!, options).slice(0, 2),
  };
  return options.rows === undefined
    ? lateralMatches(read, reads)
    : mergedMatchesPg(read, reads, options.rows);
};

/** What both PostgreSQL texts are written from: the parent column, the scope's condition, [exclude, from]. */
interface PgRead {
  side: SimilarSide;
  parent: string;
  visible: CompiledQuery;
  bounds: unknown[];
}

/**
 * PostgreSQL: the reads as arrays, each element one LATERAL index range read. A UNION ALL of 20
 * reads took PostgreSQL longer to plan than to run; this text is the same for every alert, and it
 * runs as a named prepared statement (db/pg-prepared.ts): parsed once per connection, and its plan
 * (a nested loop of backward index range reads) does not depend on the values.
 */
function lateralMatches({ side, parent, visible, bounds }: PgRead, reads: NewestRead[]): CompiledQuery {
  const base = visible.parameters.length;
  const text = textOf(`postgres|${side}|${visible.sql}`, () =>
    preparedRead(`SELECT (k.ord - 1)::int AS "read", m.parent, m.ioc
    FROM unnest($${base + 1}::text[], $${base + 2}::text[], $${base + 3}::int[], $${base + 4}::bigint[])
         WITH ORDINALITY AS k(data_key, data_type, lim, below, ord)
    CROSS JOIN LATERAL (
      SELECT ${parent} AS parent, o.ioc FROM observable o
       WHERE ${visible.sql}
         AND o.data_key = k.data_key AND o.data_type = k.data_type
         AND ${parent} > 0 AND o.ignore_similarity = 0
         AND ${parent} < k.below AND ${parent} <> $${base + 5} AND ${parent} >= $${base + 6}
       ORDER BY ${parent} DESC LIMIT k.lim) m`),
  );
  return CompiledQuery.raw(text, [
    ...visible.parameters,
    reads.map((r) => r.key.data_key),
    reads.map((r) => r.key.data_type),
    reads.map((r) => r.limit),
    reads.map((r) => r.below ?? NO_BELOW),
    ...bounds,
  ]);
}

/**
 * PostgreSQL, merged (`rows`): a UNION ALL of one index range read per value under one
 * `ORDER BY parent DESC LIMIT rows`, planned as a `Limit` over a `Merge Append` of backward
 * index-only range reads (no sort) that stops at the `rows`-th entry: the newest parents' entries
 * are read, not each value's `limit` newest. Each read carries its own `ORDER BY parent DESC` and no
 * LIMIT: a read with a WHERE clause stays a subquery of the append (PostgreSQL pulls up only reads
 * without one), planned apart, and only its own ORDER BY makes it deliver its rows in the order the
 * merge needs (without it the plan is an Append of every read's rows under a Sort). A UNION ALL of
 * 20 reads costs PostgreSQL more to plan than to run (about 5 ms on the quick data set), so the
 * text is fixed per number of reads, rounded up to READ_COUNTS (the missing reads bound an empty
 * range: `parent < 0`), and runs as a named prepared statement: parsed once per connection, and
 * planned once PostgreSQL keeps its generic plan (the same merge whatever the values). The
 * visibility parameters and the common bounds are bound once and referenced by each read.
 */
function mergedMatchesPg(
  { side, parent, visible, bounds }: PgRead,
  reads: NewestRead[],
  rows: number,
): CompiledQuery {
  const base = visible.parameters.length;
  const count = READ_COUNTS.find((n) => n >= reads.length) ?? reads.length;
  // $base+1: exclude, $base+2: from, $base+3: rows, then per read: data key, data type, below.
  const text = textOf(`postgres-merged|${side}|${count}|${visible.sql}`, () =>
    preparedRead(
      'SELECT m.read AS "read", m.parent, m.ioc FROM (\n'.concat(
        Array.from({ length: count }, (_, i) => {
          const p = base + 4 + 3 * i;
          return `(SELECT ${i} AS read, ${parent} AS parent, o.ioc FROM observable o WHERE ${visible.sql} AND o.data_key = $${p}::text AND o.data_type = $${p + 1}::text AND ${parent} > 0 AND o.ignore_similarity = 0 AND ${parent} < $${p + 2}::bigint AND ${parent} <> $${base + 1}::bigint AND ${parent} >= $${base + 2}::bigint ORDER BY ${parent} DESC)`;
        }).join('\nUNION ALL '),
        `\n) m ORDER BY m.parent DESC LIMIT $${base + 3}::int`,
      ),
    ),
  );
  const parameters: unknown[] = [...visible.parameters, ...bounds, rows];
  for (let i = 0; i < count; i++) {
    const read = reads[i];
    if (read) parameters.push(read.key.data_key, read.key.data_type, read.below ?? NO_BELOW);
    else parameters.push('', '', 0);
  }
  return CompiledQuery.raw(text, parameters);
}

/**
 * The numbers of reads the merged PostgreSQL text is written for (a chunk of reads is padded to the
 * next one): a few texts per side and visibility, so that they stay among the process's named
 * statements (db/pg-prepared.ts) whatever the alerts' numbers of values.
 */
const READ_COUNTS = [1, 2, 4, 8, 12, 16, 20, 24, 32, 48, 64, 100];

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
