/**
 * The similar cases of an answer, loaded with their observable totals (domain/alerts/similarity.ts):
 * the rows decide which cases are answered (merged ones are not) and are rendered in the answer.
 * PostgreSQL lists each case's version with its totals, and the full rows come from the kept ones
 * at that version (case-row-cache.ts), the others read in a second statement.
 */
import { CompiledQuery, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { preparedRead } from '../pg-prepared.js';
import { executeNamedRead, executePrepared } from '../prepared-read.js';
import type { Database } from '../schema.js';
import { type Scope, scopeKey } from '../scope.js';
import { caseVisible, dialectOf, similarityVisible } from '../visibility.js';
import { CASE_ROW_VERSION, type CaseVersion, caseRowsAtVersions } from './case-row-cache.js';
import { type CaseRow, findCasesByIds } from './cases.js';
import { observableCountsOfCasesQuery } from './observables.js';
import type { NewestMatch } from './similarity.js';

type Db = Kysely<Database>;

/** A similar case's row, with its observables and IOCs counted (in the part of the read: own or shared). */
export interface CaseWithTotals {
  row: CaseRow;
  count: number;
  iocs: number;
}

/**
 * PostgreSQL: the versions of these cases' rows (in the scope, by primary key; case-row-cache.ts)
 * with their observable and IOC totals, counted on the index observable_case_counts alone (its
 * condition `case_id > 0` as a literal) over the observables the read sees (`shared`: those shared
 * with the organisation).
 *
 * One statement, the ids as one array, so that its text is the same for any number of
 * cases and runs as a named prepared statement: one round trip and no parsing, where the rows and
 * the totals were two statements of a new text (per number of ids) planned on every answer. Each
 * case's totals are one LATERAL index-only range read of its own entries (0.28–0.35 ms for 100
 * cases on the quick data set, where grouping all 100 cases' entries and joining the groups to the
 * rows, a nested loop comparing every row with every group, took 0.45–1.0 ms). SQLite:
 * the two statements (cases by primary key, then the totals), which it runs in a fraction of the
 * time of the joined one (it materialises the grouped totals and indexes them for the join: ~5 ms
 * against ~1.5 ms for 100 cases on the quick data set).
 */
export function casesWithTotalsQuery(
  db: Db,
  scope: Scope,
  ids: number[] | RawBuilder<unknown>,
  shared = false,
) {
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
    .select(['case.id', CASE_ROW_VERSION.as('row_version')])
    .select(['t.count as similarity_total', 't.iocs as similarity_iocs'])
    .where(
      Array.isArray(ids)
        ? sql<SqlBool>`${sql.ref('case.id')} = ANY(${ids}::bigint[])`
        : sql<SqlBool>`${sql.ref('case.id')} = ANY(ARRAY(${ids}))`,
    )
    .where(caseVisible(scope, 'case', { noIndex: true }));
}

export async function casesWithTotals(
  db: Db,
  scope: Scope,
  ids: number[],
  shared = false,
): Promise<CaseWithTotals[]> {
  if (ids.length === 0) return [];
  if (dialectOf(db) === 'postgres')
    return withRows(db, scope, await executePrepared(db, casesWithTotalsQuery(db, scope, ids, shared)));
  const rows = await findCasesByIds(db, scope, ids);
  const totals = new Map(
    (await observableCountsOfCasesQuery(db, scope, ids, shared).execute()).map((t) => [t.case_id, t]),
  );
  return rows.map((row) => {
    const t = totals.get(row.id);
    return { row, count: Number(t?.count ?? 0), iocs: Number(t?.iocs ?? 0) };
  });
}

/**
 * A merged read of an alert's values (similarity.ts, `rows` given) and the row versions with
 * totals of the newest `limit` cases it found, in one statement: the read is the statement's first
 * part (materialised, so run once: the same `Merge Append` that stops at its `rows`-th entry), and
 * the cases are those casesWithTotalsQuery reads for the ids newestSimilar would check first, the
 * `limit` newest parents of the read, leaving out the last row's parent when the read stopped at
 * `rows` (its entries may be cut among the values). The statement answers one row of two JSON
 * arrays, which the pg driver parses with the native JSON.parse: the read's rows, and the cases,
 * each with its row's version and its totals: the full rows are those kept at that version
 * (case-row-cache.ts), the others read by a second statement. One round trip where there were two,
 * and the cases are read before the domain asks for them: it takes them from here when they are the
 * ones it checks (domain/alerts/similarity.ts), which is nearly every answer. (The full rows as JSON
 * cost PostgreSQL more to write than the driver saved: escaping ~100 KB of titles and descriptions;
 * the versions and totals are ~3 KB, and as a hundred rows of their own the driver's parsing of
 * them allocated about 85 KB per answer.)
 */
export async function mergedMatchesWithCases(
  db: Db,
  scope: Scope,
  read: MergedWithCases,
): Promise<{ matches: NewestMatch[]; cases: CaseWithTotals[] }> {
  // SQLite: the merged read alone (in-process, no round trip to save); the cases are read as needed
  if (dialectOf(db) !== 'postgres')
    return { matches: (await db.executeQuery<NewestMatch>(read.merged)).rows, cases: [] };
  const [row] = (await executeNamedRead(db, mergedMatchesWithCasesQuery(db, scope, read))).rows;
  const matches: NewestMatch[] = [];
  for (const [read, parent, ioc] of row?.newest_matches ?? []) matches.push({ read, parent, ioc });
  const listed = (row?.cases ?? []).map(
    ([id, row_version, similarity_total, similarity_iocs]): VersionWithTotals => ({
      id,
      row_version,
      similarity_total,
      similarity_iocs,
    }),
  );
  return { matches, cases: await withRows(db, scope, listed) };
}

/** A case as casesWithTotalsQuery lists it. */
interface VersionWithTotals {
  id: number;
  row_version: string;
  similarity_total: number | string | null;
  similarity_iocs: number | string | null;
}

/** The listed cases with their full rows (kept at their version, or read), in the order listed. */
async function withRows(db: Db, scope: Scope, listed: VersionWithTotals[]): Promise<CaseWithTotals[]> {
  const rows = await caseRowsAtVersions(
    db,
    scope,
    listed.map((c): CaseVersion => ({ id: c.id, version: c.row_version })),
  );
  const out: CaseWithTotals[] = [];
  for (const c of listed) {
    const row = rows.get(c.id);
    if (row !== undefined)
      out.push({ row, count: Number(c.similarity_total ?? 0), iocs: Number(c.similarity_iocs ?? 0) });
  }
  return out;
}

/** The combined statement's one row: the merged read's rows and the listed cases, as JSON arrays. */
type MatchesWithCasesRow = {
  newest_matches: Array<[read: number, parent: number, ioc: number]> | null;
  cases: Array<[id: number, version: string, total: number | null, iocs: number | null]> | null;
};

/** What mergedMatchesWithCases reads: the merged read, its cap of rows, how many cases, own or shared. */
export interface MergedWithCases {
  merged: CompiledQuery;
  rows: number;
  limit: number;
  shared: boolean;
}

/** The statement of mergedMatchesWithCases (its plan is tested in similarity.test.ts). */
export function mergedMatchesWithCasesQuery(
  db: Db,
  scope: Scope,
  { merged, rows, limit, shared }: MergedWithCases,
): CompiledQuery<MatchesWithCasesRow> {
  const cases = casesOfNewestIds(db, scope, shared);
  const base = merged.parameters.length;
  const text = mergedWithCasesText(merged.sql, cases.sql, base, cases.parameters.length);
  return CompiledQuery.raw(text, [
    ...merged.parameters,
    ...cases.parameters,
    rows,
    limit,
  ]) as CompiledQuery<MatchesWithCasesRow>;
}

/**
 * The cases' part of the combined statement, compiled once per scope and side: its text and
 * parameters are a function of the scope's fields alone (building it through the query builder on
 * every answer cost ~0.15 ms of CPU, more while the process is young and the builder's code not yet
 * optimised).
 */
const casesParts = new Map<string, CompiledQuery>();
const MAX_CASES_PARTS = 1000;

function casesOfNewestIds(db: Db, scope: Scope, shared: boolean): CompiledQuery {
  const key = `${shared}|${scopeKey(scope)}`;
  let compiled = casesParts.get(key);
  if (compiled === undefined) {
    compiled = casesWithTotalsQuery(db, scope, sql`SELECT parent FROM newest_ids`, shared).compile();
    if (casesParts.size >= MAX_CASES_PARTS) casesParts.delete(casesParts.keys().next().value!);
    casesParts.set(key, compiled);
  }
  return compiled;
}

/** The combined texts by their parts' texts: a few per process (one per merged text and visibility). */
const texts = new Map<string, string>();
const MAX_TEXTS = 200;

function mergedWithCasesText(merged: string, cases: string, base: number, count: number): string {
  const shape = `${merged}\u0000${cases}`;
  let text = texts.get(shape);
  if (text !== undefined) return text;
  // The cases' placeholders come after the merged read's, then the rows and the limit.
  const shifted = cases.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + base}`);
  const after = base + count;
  text = preparedRead(`WITH newest_matches AS MATERIALIZED (${merged}),
newest_ids AS (
  SELECT DISTINCT nm.parent FROM newest_matches nm
   WHERE nm.parent > (SELECT CASE WHEN count(*) = $${after + 1}::int THEN min(c.parent) ELSE 0 END FROM newest_matches c)
   ORDER BY nm.parent DESC LIMIT $${after + 2}::int)
SELECT (SELECT json_agg(json_build_array(nm.read, nm.parent, nm.ioc) ORDER BY nm.parent DESC) FROM newest_matches nm) AS newest_matches,
       (SELECT json_agg(json_build_array(c.id, c.row_version, c.similarity_total, c.similarity_iocs)) FROM (${shifted}) c) AS cases`);
  if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!);
  texts.set(shape, text);
  return text;
}
