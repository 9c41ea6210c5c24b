/**
 * The JSON text of TheHive 4's `similarCases` list (v1), each similar case's `case` rendered once.
 *
 * An answer lists up to 100 similar cases in full (about 112 KB): building their output objects and
 * serialising them cost as much of the server's CPU as all of the answer's statements, and the same
 * cases come back in answer after answer. A case's output (caseV1 without custom fields or extra
 * data, as similarity lists it) is a function of its row alone, so its JSON text is kept by case id
 * with the row it was rendered from, and served again only when the row just read for this answer
 * has the same value in every column: whatever changed the case (title, status, tags, merge, any
 * other column, on any node), the new row differs and the case is rendered again. Nothing has to be
 * invalidated, and a case that is no longer answered (deleted, hidden, unshared) is simply not asked
 * for. The counts of each item belong to the answer and are written around the kept text.
 *
 * The text is what `JSON.stringify(cases.map(similarCaseV1))` writes, byte for byte (the tests
 * compare both). Kept texts are UTF-8 bytes (Buffers, outside the JavaScript heap), and the answer is
 * assembled as bytes (JsonBytes): building it as a string of ~112 KB, measuring it and encoding it
 * for the socket allocated about 0.3 MB of the JavaScript heap per answer, and the young
 * generation's collections that this paid for were most of the answers' slowest times
 * (docs/performance.md, "Similar cases, 2026-12-07").
 */
import type { CaseRow } from '../../db/repositories/cases.js';
import type { SimilarCase } from '../../domain/alerts/similarity.js';
import { toCaseView } from '../../domain/cases/case-view.js';
import { RecentMap } from '../../recent-map.js';
import { caseV1 } from './case.js';

/**
 * Every column of a case row (a column added to the table does not compile here until it is
 * listed): a kept text is served only for a row equal to the one it was rendered from in each of
 * them. Columns a row may also carry that its output does not show (the totals read with the row on
 * PostgreSQL, repositories/similar-cases.ts) are not compared: they change with the case's
 * observables, which the answer's counts show.
 */
const COLUMNS: Record<keyof CaseRow, true> = {
  id: true,
  organisation_id: true,
  number: true,
  title: true,
  description: true,
  severity: true,
  start_date: true,
  end_date: true,
  tags: true,
  flag: true,
  tlp: true,
  pap: true,
  status: true,
  stage: true,
  impact_status: true,
  summary: true,
  assignee: true,
  case_template: true,
  merged_into: true,
  in_progress_date: true,
  closed_date: true,
  created_at: true,
  created_by: true,
  updated_at: true,
  updated_by: true,
};
const columns = Object.keys(COLUMNS) as Array<keyof CaseRow>;

/** The columns compared (for the tests). */
export const CASE_ROW_COLUMNS: readonly string[] = columns;

interface Rendered {
  row: CaseRow;
  json: Buffer;
}

/**
 * Whether two rows of a case have the same value (numbers, strings or null) in every column. Written
 * out from COLUMNS once, as one expression of named reads: a loop over the column names compared
 * them about ten times slower (each `row[name]` a generic keyed read), 0.2 ms of an answer.
 */
const sameRow = new Function('a', 'b', `return ${columns.map((c) => `a.${c} === b.${c}`).join(' && ')};`) as (
  a: CaseRow,
  b: CaseRow,
) => boolean;

/** The rendered cases by case id, at most `capacity` (the least recently answered leaves first). */
export class CaseJsonCache {
  private readonly entries: RecentMap<number, Rendered>;
  hits = 0;
  misses = 0;

  constructor(capacity: number) {
    this.entries = new RecentMap(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The JSON text of `caseV1` for this row, as UTF-8: the kept one if it was rendered from an equal row. */
  json(row: CaseRow): Buffer {
    const kept = this.entries.get(row.id);
    if (kept !== undefined && (kept.row === row || sameRow(kept.row, row))) {
      this.hits++;
      return kept.json;
    }
    this.misses++;
    const json = Buffer.from(JSON.stringify(caseV1(toCaseView(row))));
    this.entries.set(row.id, { row, json });
    return json;
  }
}

/**
 * At most this many cases are kept: every case of 20 full answers of 100 different cases, about
 * 1 KB of text and its row each.
 */
export const CASE_JSON_CAPACITY = 2000;

export const caseJsonCache = new CaseJsonCache(CASE_JSON_CAPACITY);

/** JSON text assembled from pieces, as UTF-8 bytes: strings encoded once, kept Buffers copied. */
export class JsonBytes {
  private readonly pieces: Array<string | Buffer> = [];
  private length = 0;

  add(piece: string | Buffer): this {
    this.pieces.push(piece);
    this.length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    return this;
  }

  /** The text as one Buffer (allocated outside the JavaScript heap). */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    let at = 0;
    for (const piece of this.pieces)
      at += typeof piece === 'string' ? out.write(piece, at) : piece.copy(out, at);
    return out;
  }
}

/** Adds `JSON.stringify(cases.map(similarCaseV1))` to `out`, each case's text from the cache. */
export function addSimilarCasesJsonV1(
  out: JsonBytes,
  cases: SimilarCase[],
  cache: CaseJsonCache = caseJsonCache,
): JsonBytes {
  out.add('[');
  for (let i = 0; i < cases.length; i++) {
    const s = cases[i]!;
    out.add(i > 0 ? ',{"case":' : '{"case":').add(cache.json(s.case));
    out.add(
      `,"similarObservableCount":${num(s.similarObservableCount)},"observableCount":${num(s.observableCount)},"similarIocCount":${num(s.similarIocCount)},"iocCount":${num(s.iocCount)},"observableTypes":${JSON.stringify(s.observableTypes)}}`,
    );
  }
  return out.add(']');
}

/** `JSON.stringify(cases.map(similarCaseV1))`, with each case's text from the cache. */
export function similarCasesJsonV1(cases: SimilarCase[], cache: CaseJsonCache = caseJsonCache): string {
  return addSimilarCasesJsonV1(new JsonBytes(), cases, cache).toBuffer().toString('utf8');
}

/** A count as JSON.stringify writes it. */
const num = (n: number) => JSON.stringify(n);
