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
 * written as bytes into one Buffer sized first: building it as a string of ~112 KB, measuring it and
 * encoding it for the socket allocated about 0.3 MB of the JavaScript heap per answer, and the young
 * generation's collections that this paid for were most of the answers' slowest times
 * (docs/performance.md, "Similar cases, 2026-12-07"); the counts and separators written as strings
 * around each case then cost another ~70 KB per answer, so they are written as digits and
 * constant bytes.
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

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const OPEN = latin1('[');
const CLOSE = latin1(']');
const FIRST = latin1('{"case":');
const NEXT = latin1(',{"case":');
const SIMILAR = latin1(',"similarObservableCount":');
const TOTAL = latin1(',"observableCount":');
const SIMILAR_IOC = latin1(',"similarIocCount":');
const IOC = latin1(',"iocCount":');
const TYPES = latin1(',"observableTypes":{');
const COMMA = latin1(',');
const END = latin1('}}');

/** `"type":` as UTF-8, by observable type (the types of a deployment: a few dozen). */
const typeKeys = new RecentMap<string, Buffer>(1000);

function typeKey(type: string): Buffer {
  let key = typeKeys.get(type);
  if (key === undefined) {
    key = Buffer.from(`${JSON.stringify(type)}:`);
    typeKeys.set(type, key);
  }
  return key;
}

/** A count as JSON.stringify writes it, when it is not a non-negative safe integer (never, in practice). */
const odd = (n: number) => !Number.isSafeInteger(n) || n < 0;

/** How many bytes JSON.stringify's text of this count takes. */
function countLength(n: number): number {
  if (odd(n)) return JSON.stringify(n).length;
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** Where the text goes: measured first (`Length`), then written (`Bytes`), by the same function. */
interface Sink {
  bytes(piece: Buffer): void;
  text(piece: string): void;
  count(n: number): void;
}

/** Counts the bytes the text takes. */
class Length implements Sink {
  length = 0;

  bytes(piece: Buffer): void {
    this.length += piece.length;
  }

  text(piece: string): void {
    this.length += Buffer.byteLength(piece);
  }

  count(n: number): void {
    this.length += countLength(n);
  }
}

/**
 * The bytes of one answer's JSON text, written in place into a Buffer of the measured length (no
 * string is built for the counts, the types or the separators).
 */
class Bytes implements Sink {
  private readonly out: Buffer;
  private at = 0;

  constructor(length: number) {
    this.out = Buffer.allocUnsafe(length);
  }

  bytes(piece: Buffer): void {
    this.at += piece.copy(this.out, this.at);
  }

  text(piece: string): void {
    this.at += this.out.write(piece, this.at);
  }

  count(n: number): void {
    if (odd(n)) {
      this.at += this.out.write(JSON.stringify(n), this.at, 'latin1');
      return;
    }
    let end = this.at + countLength(n);
    this.at = end;
    let rest = n;
    do {
      const digit = rest % 10;
      this.out[--end] = 48 + digit;
      rest = (rest - digit) / 10;
    } while (rest > 0);
  }

  done(): Buffer {
    if (this.at !== this.out.length)
      throw new Error(`similar cases JSON: wrote ${this.at} of ${this.out.length} bytes`);
    return this.out;
  }
}

/** Writes `before`, the list of similar cases (each case's kept text from `texts`), then `after`. */
function writeList(out: Sink, cases: SimilarCase[], texts: Buffer[], before: string, after: string): void {
  out.text(before);
  out.bytes(OPEN);
  for (let i = 0; i < cases.length; i++) {
    const s = cases[i]!;
    out.bytes(i > 0 ? NEXT : FIRST);
    out.bytes(texts[i]!);
    out.bytes(SIMILAR);
    out.count(s.similarObservableCount);
    out.bytes(TOTAL);
    out.count(s.observableCount);
    out.bytes(SIMILAR_IOC);
    out.count(s.similarIocCount);
    out.bytes(IOC);
    out.count(s.iocCount);
    out.bytes(TYPES);
    let first = true;
    // the order JSON.stringify writes an object's keys in
    for (const type of Object.keys(s.observableTypes)) {
      if (!first) out.bytes(COMMA);
      out.bytes(typeKey(type));
      out.count(s.observableTypes[type]!);
      first = false;
    }
    out.bytes(END);
  }
  out.bytes(CLOSE);
  out.text(after);
}

/**
 * `before`, then `JSON.stringify(cases.map(similarCaseV1))`, then `after`, as one Buffer of UTF-8:
 * each case's text from the cache, the rest written around it.
 */
export function similarCasesJsonV1Bytes(
  cases: SimilarCase[],
  before = '',
  after = '',
  cache: CaseJsonCache = caseJsonCache,
): Buffer {
  const texts = cases.map((s) => cache.json(s.case));
  const length = new Length();
  writeList(length, cases, texts, before, after);
  const out = new Bytes(length.length);
  writeList(out, cases, texts, before, after);
  return out.done();
}

/** `JSON.stringify(cases.map(similarCaseV1))`, with each case's text from the cache. */
export function similarCasesJsonV1(cases: SimilarCase[], cache: CaseJsonCache = caseJsonCache): string {
  return similarCasesJsonV1Bytes(cases, '', '', cache).toString('utf8');
}
