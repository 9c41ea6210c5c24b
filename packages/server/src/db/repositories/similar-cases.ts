/**
 * The similar cases of an answer, loaded with their observable totals (domain/alerts/similarity.ts):
 * the rows decide which cases are answered (merged ones are not) and are rendered in the answer.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import { executePrepared } from '../prepared-read.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseVisible, dialectOf, similarityVisible } from '../visibility.js';
import { type CaseRow, findCasesByIds } from './cases.js';
import { observableCountsOfCasesQuery } from './observables.js';

type Db = Kysely<Database>;

/** A similar case's row, with its observables and IOCs counted (in the part of the read: own or shared). */
export interface CaseWithTotals {
  row: CaseRow;
  count: number;
  iocs: number;
}

/**
 * The rows of these cases (in the scope, by primary key) with their observable and IOC totals,
 * counted on the index observable_case_counts alone (its condition `case_id > 0` as a literal) over
 * the observables the read sees (`shared`: those shared with the organisation).
 *
 * PostgreSQL: one statement, the ids as one array, so that its text is the same for any number of
 * cases and runs as a named prepared statement: one round trip and no parsing, where the rows and
 * the totals were two statements of a new text (per number of ids) planned on every answer. Each
 * case's totals are one LATERAL index-only range read of its own entries (0.28–0.35 ms for 100
 * cases on the quick data set, where grouping all 100 cases' entries and joining the groups to the
 * rows, a nested loop comparing every row with every group, took 0.45–1.0 ms). SQLite:
 * the two statements (cases by primary key, then the totals), which it runs in a fraction of the
 * time of the joined one (it materialises the grouped totals and indexes them for the join: ~5 ms
 * against ~1.5 ms for 100 cases on the quick data set).
 */
export function casesWithTotalsQuery(db: Db, scope: Scope, ids: number[], shared = false) {
  return db
    .selectFrom('case')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('observable')
          .select([(eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.sum<number>('ioc').as('iocs')])
          .where(similarityVisible(scope, shared))
          .whereRef('observable.case_id', '=', 'case.id')
          .where('observable.case_id', '>', sql.lit(0))
          .as('t'),
      (join) => join.onTrue(),
    )
    .selectAll('case')
    .select(['t.count as similarity_total', 't.iocs as similarity_iocs'])
    .where(sql<SqlBool>`${sql.ref('case.id')} = ANY(${ids}::bigint[])`)
    .where(caseVisible(scope, 'case', { noIndex: true }));
}

export async function casesWithTotals(
  db: Db,
  scope: Scope,
  ids: number[],
  shared = false,
): Promise<CaseWithTotals[]> {
  if (ids.length === 0) return [];
  if (dialectOf(db) === 'postgres') {
    // The rows keep the two totals' columns (copying 100 rows without them cost more than the
    // statement saved); the presenters read a case row's fields by name.
    const rows = await executePrepared(db, casesWithTotalsQuery(db, scope, ids, shared));
    return rows.map((row) => ({
      row,
      count: Number(row.similarity_total ?? 0),
      iocs: Number(row.similarity_iocs ?? 0),
    }));
  }
  const rows = await findCasesByIds(db, scope, ids);
  const totals = new Map(
    (await observableCountsOfCasesQuery(db, scope, ids, shared).execute()).map((t) => [t.case_id, t]),
  );
  return rows.map((row) => {
    const t = totals.get(row.id);
    return { row, count: Number(t?.count ?? 0), iocs: Number(t?.iocs ?? 0) };
  });
}
