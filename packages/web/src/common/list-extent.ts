/**
 * How long a windowed list is (common/windowed.ts), from the pages read so far. Below the server's
 * counting threshold the total says it. Past it the total is only a lower bound ("1000+"), so the
 * list is as long as the furthest page read, plus one page that may hold more, until a page comes
 * back short: the list ends there.
 *
 * Only the pages under the viewport are observed, and a page just scrolled to has no data yet, so
 * what the visible pages hold alone would shrink the list while the next page loads; the scroll
 * position would clamp to the shorter list and the list would never grow past a few pages. The
 * extent remembers the furthest row known to exist for one list definition (its key) instead: the
 * list never shrinks below it unless a page read says the list now ends earlier.
 */
export interface Extent {
  /** The list definition (filters, sort) the extent belongs to. */
  key: string;
  /** Rows known to exist: the end of the furthest page read. */
  known: number;
  /** Where the list ends, once a page came back short; undefined while it may go on. */
  end: number | undefined;
}

/** A page's own data (never another page's placeholder): its index and how many rows it held. */
export interface PageRead {
  page: number;
  rows: number;
}

/** The extent after reading `reads` (for the list `key`; another key starts afresh). */
export function nextExtent(
  previous: Extent | undefined,
  key: string,
  reads: readonly PageRead[],
  pageSize: number,
): Extent {
  let { known, end } = previous?.key === key ? previous : { known: 0, end: undefined as number | undefined };
  for (const read of [...reads].sort((a, b) => a.page - b.page)) {
    const reach = read.page * pageSize + read.rows;
    if (read.rows < pageSize) {
      // a short page: the list ends here now (rows may have left it since a further page was read)
      known = reach;
      end = reach;
    } else {
      known = Math.max(known, reach);
      // a full page reaching past the end: the list grew (a full last page ends where it ends)
      if (end !== undefined && reach > end) end = undefined;
    }
  }
  return { key, known, end };
}

/**
 * The number of rows to lay out: the total below the threshold (`cap`); past it, the list's end
 * when known, else the furthest row known plus one page that may hold more.
 */
export function listCount(total: number | undefined, cap: number, extent: Extent, pageSize: number): number {
  if (total === undefined) return 0;
  if (!(cap > 0 && total >= cap)) return total;
  if (extent.end !== undefined) return extent.end;
  return Math.max(total, extent.known + pageSize);
}
