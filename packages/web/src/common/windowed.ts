/**
 * A list of any length read in pages of 100 as the user scrolls: only the pages under the viewport are
 * fetched (TanStack Query caches them); the total comes from the first page (X-Total, capped by the
 * server's limitedCountThreshold: past it the list grows as pages fill, common/list-extent.ts).
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import type { QueryStep } from '../api/calls';
import { api } from '../api/calls';
import { type Extent, listCount, nextExtent, type PageRead } from './list-extent';

export const PAGE = 100;

export interface Windowed<T> {
  /** Row at each index; undefined while its page loads. */
  rows: (T | undefined)[];
  count: number;
  total: number | undefined;
  /** The total is a lower bound (the server stopped counting). */
  capped: boolean;
  loading: boolean;
  error: unknown;
}

export function pagesFor(start: number, end: number): number[] {
  const first = Math.floor(Math.max(0, start) / PAGE);
  const last = Math.floor(Math.max(0, end) / PAGE);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages.includes(0) ? pages : [0, ...pages];
}

/** The query of one page of a windowed list (useWindowed's, and a route's that asks for it early). */
export function pageQuery<T>(
  key: readonly unknown[],
  pipeline: (from: number, to: number) => QueryStep[],
  page: number,
) {
  return {
    queryKey: [...key, page],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.query<T>(pipeline(page * PAGE, (page + 1) * PAGE), signal),
    staleTime: 30_000,
  };
}

export function useWindowed<T>(
  key: readonly unknown[],
  pipeline: (from: number, to: number) => QueryStep[],
  visible: { start: number; end: number },
  cap = 1000,
): Windowed<T> {
  const pages = pagesFor(visible.start, visible.end);
  const results = useQueries({
    queries: pages.map((page) => ({
      ...pageQuery<T>(key, pipeline, page),
      placeholderData: keepPreviousData,
    })),
  });
  const stamp = results.map((r) => `${r.dataUpdatedAt}${r.isPlaceholderData ? 'p' : ''}`).join(',');
  const keyText = JSON.stringify(key);
  // the furthest row known to exist for this list definition: the list never shrinks while the page
  // scrolled to loads (list-extent.ts)
  const extent = useRef<Extent | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` changes exactly when a page's data does
  return useMemo(() => {
    // a page's own data only: a placeholder holds another page's rows
    const own = (i: number) => (results[i]?.isPlaceholderData ? undefined : results[i]?.data);
    const first = own(0);
    const total = first?.total ?? first?.rows.length;
    const rows: (T | undefined)[] = [];
    const reads: PageRead[] = [];
    pages.forEach((page, i) => {
      const data = own(i);
      if (!data) return;
      data.rows.forEach((row, j) => {
        rows[page * PAGE + j] = row;
      });
      reads.push({ page, rows: data.rows.length });
    });
    // the same reads give the same extent, so rendering twice is harmless
    extent.current = nextExtent(extent.current, keyText, reads, PAGE);
    const capped = total !== undefined && cap > 0 && total >= cap;
    return {
      rows,
      count: listCount(total, cap, extent.current, PAGE),
      total,
      capped,
      loading: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error,
    };
  }, [stamp, pages.join(','), cap, keyText]);
}
