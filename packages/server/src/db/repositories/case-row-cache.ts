/**
 * PostgreSQL: case rows kept by id with the version of the row they were read from, so that a read
 * that lists many cases (an alert's similar cases: up to 100 per answer, the same ones answer after
 * answer) asks PostgreSQL for each case's version only and reads in full only the rows it does not
 * hold at that version.
 *
 * The version is the row's `xmin` and `ctid`: every UPDATE writes a new row version, with the id of
 * the transaction that wrote it and a new place, so a row that changed in any column, on any node,
 * has another version; nothing has to be invalidated. Rows are only served for ids a scoped statement
 * returned (the organisation's visibility is checked by the statement, never by the cache), and
 * are frozen: they are shared by the answers that list them.
 *
 * Reading 100 rows of ~27 columns on every answer cost the server about 0.2 MB of the JavaScript
 * heap per answer (the driver's field strings and row objects), which the young generation's
 * collections then copied (docs/performance.md, "Similar cases, 2026-12-07").
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import { RecentMap } from '../../recent-map.js';
import { executePrepared } from '../prepared-read.js';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { caseVisible } from '../visibility.js';
import type { CaseRow } from './cases.js';

/** What identifies a version of a case row: its `xmin` and `ctid`, as text. */
export const CASE_ROW_VERSION = sql<string>`"case".xmin::text || ':' || "case".ctid::text`;

interface Kept {
  version: string;
  row: CaseRow;
}

/** The rows by case id, at most `capacity` (the least recently used leaves first). */
export class CaseRowCache {
  private readonly entries: RecentMap<number, Kept>;
  hits = 0;
  misses = 0;

  constructor(capacity: number) {
    this.entries = new RecentMap(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The row kept for this id at this version, if any. */
  get(id: number, version: string): CaseRow | undefined {
    const kept = this.entries.get(id);
    if (kept === undefined || kept.version !== version) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return kept.row;
  }

  set(version: string, row: CaseRow): CaseRow {
    const frozen = Object.freeze(row);
    this.entries.set(row.id, { version, row: frozen });
    return frozen;
  }
}

/** Every case of 20 full answers of 100 different cases (about 1 KB each). */
export const CASE_ROW_CAPACITY = 2000;

export const caseRowCache = new CaseRowCache(CASE_ROW_CAPACITY);

/** A case as a listing statement returns it: its id and the version of its row. */
export interface CaseVersion {
  id: number;
  version: string;
}

/**
 * The full rows of these cases (in the scope), in the order given: kept ones at the same version,
 * the others read in one statement by primary key and kept. A case the statement no longer finds
 * (deleted or hidden since it was listed) is left out. A row read here may be newer than the version
 * listed (changed in between): it is at least as fresh, and it is kept under its own version.
 */
export async function caseRowsAtVersions(
  db: Kysely<Database>,
  scope: Scope,
  listed: CaseVersion[],
  cache: CaseRowCache = caseRowCache,
): Promise<Map<number, CaseRow>> {
  const rows = new Map<number, CaseRow>();
  const missing: number[] = [];
  for (const c of listed) {
    const row = cache.get(c.id, c.version);
    if (row === undefined) missing.push(c.id);
    else rows.set(c.id, row);
  }
  if (missing.length > 0) {
    const read = await executePrepared(
      db,
      db
        .selectFrom('case')
        .selectAll('case')
        .select(CASE_ROW_VERSION.as('row_version'))
        .where(sql<SqlBool>`${sql.ref('case.id')} = ANY(${missing}::bigint[])`)
        .where(caseVisible(scope, 'case', { noIndex: true })),
    );
    for (const { row_version, ...row } of read) rows.set(row.id, cache.set(row_version, row));
  }
  return rows;
}
