/**
 * The `limit` newest cases (or alerts) holding any of an alert's values, exactly, with reads
 * bounded by the number of values times the limit (db/repositories/similarity.ts).
 *
 * Why the union of per-value reads is exact: a parent among the `limit` newest answered parents
 * overall has fewer than `limit` answered parents newer than itself, so, for each value it holds,
 * it is among the `limit` newest answered parents of that value. Reading each value's newest
 * parents therefore finds the answer and, for every answered parent, every value it shares with
 * the alert (its counts need no other read). With more than CHUNK values, the later statements
 * read only parents at least as new as the `limit`-th newest found so far.
 *
 * Exclusions: the alert itself (or its case) is left out inside the read. The others (cases
 * merged into another one, alerts already imported) are a property of the parent, checked by id
 * for the parents found above the cut: the reads keep them, an excluded parent lowers the cut, and
 * the values are read further down to it. Reads further and checks ask for twice as many parents
 * each time, so that many excluded parents cost a few statements, not one per `limit`.
 *
 * (Reading a few parents of each value first, then only the values dense above the cut, read 790
 * index entries per alert instead of 1,209 at a million alerts, but the second statement cost
 * more than the entries saved.)
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { SimilarityKey } from '../../db/repositories/observables.js';
import { type NewestMatch, newestMatchesQuery, type SimilarSide } from '../../db/repositories/similarity.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';

/** Reads per statement (each is its own short index range read inside one UNION ALL). */
const CHUNK = 100;
/**
 * Rows per statement, as a multiple of the limit, where the reads are merged newest parent first
 * (SQLite): with 20 values a parent holds about 1.5 of them on the benchmark's data, so 2.5 rows
 * per parent wanted covers the answer in one statement, reading ~250 index entries instead of each
 * value's 100 newest (~930).
 */
const MERGED_ROWS_PER_PARENT = 2.5;
/** The most parents one read (or check) asks for as they double. */
const MAX_BATCH = 10_000;

export interface SimilarSource {
  side: SimilarSide;
  /** A parent never answered (the alert itself, or the alert's case). */
  exclude: number | null;
  /** Which of these parents are answered: in the organisation, not merged (not imported). */
  answered(ids: number[]): Promise<number[]>;
  /** Read the cases shared with the organisation instead of its own. */
  shared?: boolean;
  /**
   * Runs a merged read (its statement, and its cap of rows) instead of executing it alone: the
   * similar cases on PostgreSQL read the rows of the parents they will check in the same statement
   * (domain/alerts/similarity.ts).
   */
  runMerged?(statement: CompiledQuery, rows: number): Promise<NewestMatch[]>;
}

export interface NewestSimilar {
  /** The answered parents, newest (highest id) first. */
  ids: number[];
  /** Per answered parent: its observables holding the alert's values (value, ioc there). */
  matches: Map<number, Array<{ key: SimilarityKey; ioc: number }>>;
}

export async function newestSimilar(
  db: Kysely<Database>,
  scope: Scope,
  keys: SimilarityKey[],
  source: SimilarSource,
  limit: number,
): Promise<NewestSimilar> {
  /** Per value: every parent with an id at least this one has been read. */
  const knownDownTo = keys.map(() => Number.POSITIVE_INFINITY);
  /** Per value: the parents its next read asks for. */
  const size = keys.map(() => limit);
  const found = new Map<number, Array<{ key: number; ioc: number }>>();
  /** Parents checked: whether each is answered. */
  const answered = new Map<number, boolean>();
  let checkSize = limit;

  let sorted: number[] | undefined;
  const newestFirst = () => {
    sorted ??= [...found.keys()].sort((a, b) => b - a);
    return sorted;
  };
  // The `limit`-th newest parent found, not counting those known not to be answered: the cut is
  // at most this (it is the cut once the parents above it are checked).
  const cutAtMost = () => {
    let n = 0;
    for (const id of newestFirst()) if (answered.get(id) !== false && ++n === limit) return id;
    return Number.NEGATIVE_INFINITY;
  };

  const maxRows = Math.ceil(limit * MERGED_ROWS_PER_PARENT);
  const read = async (which: number[]) => {
    for (let i = 0; i < which.length; i += CHUNK) {
      const chunk = which.slice(i, i + CHUNK);
      const cut = cutAtMost();
      const from = cut === Number.NEGATIVE_INFINITY ? undefined : cut;
      const statement = (rows?: number) =>
        newestMatchesQuery(
          db,
          scope,
          source.side,
          chunk.map((k) => ({
            key: keys[k]!,
            limit: size[k]!,
            below: Number.isFinite(knownDownTo[k]!) ? knownDownTo[k] : undefined,
          })),
          { exclude: source.exclude, from, shared: source.shared, rows },
        );
      const query = statement(maxRows);
      let rows =
        query.merged && source.runMerged
          ? await source.runMerged(query.compile(), maxRows)
          : await query.execute();
      // Merged and stopped at maxRows: every read's rows newer than the last row's parent are here;
      // that parent's own rows may be cut among the reads, so they are left for the next read (from
      // just above it down). If every row is that parent's, the reads run again unmerged.
      let merged = query.merged;
      let olderThan: number | undefined;
      if (merged && rows.length === maxRows) {
        olderThan = rows[rows.length - 1]!.parent;
        if (rows[0]!.parent === olderThan) {
          rows = await statement().execute();
          merged = false;
          olderThan = undefined;
        }
      }
      const count = chunk.map(() => 0);
      const lowest = chunk.map(() => Number.POSITIVE_INFINITY);
      for (const r of rows) {
        if (r.parent === olderThan) continue;
        const j = Number(r.read);
        count[j]! += 1;
        lowest[j] = Math.min(lowest[j]!, r.parent);
        const list = found.get(r.parent);
        if (list === undefined) found.set(r.parent, [{ key: chunk[j]!, ioc: r.ioc }]);
        else list.push({ key: chunk[j]!, ioc: r.ioc });
      }
      sorted = undefined;
      // A short read exhausted the value down to `from` (down to just above the last row's parent
      // when the merge stopped there); a full one is known down to its last row. Merged reads have
      // no limit of their own: they are never full.
      chunk.forEach((k, j) => {
        const full = !merged && count[j] === size[k];
        knownDownTo[k] = full
          ? lowest[j]!
          : olderThan !== undefined
            ? Math.min(knownDownTo[k]!, olderThan + 1)
            : (from ?? Number.NEGATIVE_INFINITY);
        if (full) size[k] = Math.min(size[k]! * 2, MAX_BATCH);
      });
    }
  };

  const check = async () => {
    const cut = cutAtMost();
    const unknown = newestFirst().filter((id) => !answered.has(id));
    const needed = unknown.filter((id) => id >= cut).length;
    if (needed === 0) return false;
    const batch = unknown.slice(0, Math.max(needed, checkSize));
    const yes = new Set(await source.answered(batch));
    for (const id of batch) answered.set(id, yes.has(id));
    if (yes.size < batch.length) checkSize = Math.min(checkSize * 2, MAX_BATCH);
    return true;
  };

  // Reads first, checks last: parents are checked only above a cut that the reads have settled.
  // Ends: a value read again is either read further down (finitely many rows) or, read short,
  // known down to the cut, which only a newly checked excluded parent (each is checked once) can
  // lower.
  let pending = keys.map((_, i) => i);
  for (;;) {
    const before = knownDownTo.join() + answered.size;
    if (pending.length > 0) await read(pending);
    else if (!(await check())) break;
    const cut = cutAtMost();
    pending = keys.map((_, i) => i).filter((k) => knownDownTo[k]! > cut);
    if (knownDownTo.join() + answered.size === before) throw new Error('similarity reads made no progress');
  }

  const ids = newestFirst()
    .filter((id) => answered.get(id))
    .slice(0, limit);
  // Each parent's matches in the order of the alert's values, whatever the order the reads' rows
  // came in (a merged read returns one parent's rows in no set order among the values): the
  // answer's per-type counts are listed in that order.
  const matches: NewestSimilar['matches'] = new Map();
  for (const id of ids) matches.set(id, inValueOrder(found.get(id)!, keys));
  return { ids, matches };
}

/**
 * A parent's matches in the order of the alert's values: an insertion sort in place, as a parent
 * holds a few of them (Array.prototype.sort allocated a work copy of each list, for each of an
 * answer's hundred parents).
 */
function inValueOrder(
  list: Array<{ key: number; ioc: number }>,
  keys: SimilarityKey[],
): Array<{ key: SimilarityKey; ioc: number }> {
  for (let i = 1; i < list.length; i++) {
    const m = list[i]!;
    let j = i - 1;
    for (; j >= 0 && list[j]!.key > m.key; j--) list[j + 1] = list[j]!;
    list[j + 1] = m;
  }
  return list.map((m) => ({ key: keys[m.key]!, ioc: m.ioc }));
}
