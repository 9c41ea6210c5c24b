/**
 * Reading and scrolling a long virtual list (the alert and case lists: a grid whose rows carry their
 * position as aria-rowindex, from 1, and a data-testid naming what they show) in the page.
 */
import type { Page } from 'playwright-core';

export interface RenderedRow {
  /** The row's position in the list, from 1. */
  index: number;
  /** Its data-testid less the list's prefix (`alert-row-`, `case-row-`). */
  ref: string;
  /** The text of the row's title element. */
  title: string;
}

/** The rows of the list `list` (a CSS selector) rendered in the page, those showing data only. */
async function renderedRows(
  page: Page,
  list: string,
  prefix: string,
  titleSelector: string,
): Promise<RenderedRow[]> {
  // a string: the tests are compiled without the DOM's types
  return page.evaluate(`[...document.querySelectorAll('${list} [role="row"][aria-rowindex]')]
    .filter((r) => r.dataset.testid)
    .map((r) => ({
      index: Number(r.getAttribute('aria-rowindex')),
      ref: r.dataset.testid.replace('${prefix}', ''),
      title: r.querySelector('${titleSelector}')?.textContent ?? '',
    }))`);
}

/** Sets the list's scroll position (in rows, or 'end'); answers the list's row count (aria-rowcount). */
async function scrollListTo(page: Page, list: string, row: number | 'end'): Promise<number> {
  return page.evaluate(`(() => {
    const list = document.querySelector('${list}');
    const height = list.querySelector('[role="row"][aria-rowindex]')?.offsetHeight || 32;
    list.scrollTop = ${row === 'end' ? 'list.scrollHeight' : `${row} * height`};
    return Number(list.getAttribute('aria-rowcount'));
  })()`);
}

/**
 * Scrolls to the end again and again while the list grows a page at a time (list-extent.ts), until it
 * counts `rows` and `lastRow` (a test id) is rendered, or `timeout` ms passed; answers the last count.
 */
async function scrollToEnd(
  page: Page,
  list: string,
  rows: number,
  lastRow: string,
  timeout = 120_000,
): Promise<number> {
  const deadline = Date.now() + timeout;
  let count = 0;
  while (Date.now() < deadline) {
    count = await scrollListTo(page, list, 'end');
    if (count === rows && (await page.getByTestId(lastRow).count()) === 1) {
      // counted again now that the last row shows: its page, read meanwhile, may have grown the list
      // by one more page that may hold more, until the page after it comes back short
      count = await scrollListTo(page, list, 'end');
      if (count === rows) break;
    }
    await page.waitForTimeout(40);
  }
  return count;
}

/** One long list of the page: its rows, a scroll position, the scroll to its end. */
export interface LongList {
  rows(): Promise<RenderedRow[]>;
  scrollTo(row: number | 'end'): Promise<number>;
  scrollToEnd(rows: number, lastRow: string, timeout?: number): Promise<number>;
}

/**
 * The list `list` (a CSS selector) of `page`, whose rows' test ids start with `prefix` and whose
 * titles are in `titleSelector`.
 */
export function longList(page: Page, list: string, prefix: string, titleSelector: string): LongList {
  return {
    rows: () => renderedRows(page, list, prefix, titleSelector),
    scrollTo: (row) => scrollListTo(page, list, row),
    scrollToEnd: (rows, lastRow, timeout) => scrollToEnd(page, list, rows, lastRow, timeout),
  };
}
