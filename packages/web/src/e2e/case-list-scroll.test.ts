/**
 * Browser: a long case list past the server's counting threshold ("1000+") scrolls to its real end,
 * as the alert list does (alert-list-scroll.test.ts): both read their pages through
 * common/windowed.ts, whose extent (common/list-extent.ts) lets the list grow a page at a time as
 * its pages fill.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { seedMany } from './seed.js';

/** More than twice the threshold (1,000), a whole number of pages plus a short last one. */
const CASES = 2_550;
const LIST = '[data-testid="case-list"]';

/** The rows in the page: their position (aria-rowindex, from 1), case number and title. */
async function renderedRows(page: Page): Promise<{ index: number; number: string; title: string }[]> {
  // a string: the tests are compiled without the DOM's types
  return page.evaluate(`[...document.querySelectorAll('${LIST} [role="row"][aria-rowindex]')]
    .filter((r) => r.dataset.testid)
    .map((r) => ({
      index: Number(r.getAttribute('aria-rowindex')),
      number: r.dataset.testid.replace('case-row-', ''),
      title: r.querySelector('a')?.textContent ?? '',
    }))`);
}

/** Sets the list's scroll position (in rows, or 'end'); answers the list's row count. */
async function scrollTo(page: Page, row: number | 'end'): Promise<number> {
  return page.evaluate(`(() => {
    const list = document.querySelector('${LIST}');
    const height = list.querySelector('[role="row"][aria-rowindex]')?.offsetHeight || 32;
    list.scrollTop = ${row === 'end' ? 'list.scrollHeight' : `${row} * height`};
    return Number(list.getAttribute('aria-rowcount'));
  })()`);
}

describe.skipIf(!canRunBrowser)('a long case list in the browser', { timeout: 300_000 }, () => {
  const h = useBrowserHarness();
  let s: Session;
  /** The case numbers, newest (largest, the list's first row) first, and each one's title. */
  let numbers: number[];
  const titles = new Map<number, string>();
  watchSession(() => s);

  beforeAll(async () => {
    const org = await createOrganisation(h.server, 'longcases');
    const created = await seedMany(CASES, (n) =>
      org.analyst.case.create({ title: `Bulk case ${n}`, description: 'x' } as never),
    );
    // created in parallel: the numbers are not in the order of n
    for (const c of created as { number: number; title: string }[]) titles.set(c.number, c.title);
    numbers = [...titles.keys()].sort((a, b) => b - a);
    s = await signedIn(h, org.logins.analyst, '/cases');
  }, 300_000);

  /** The case a row (aria-rowindex, from 1) must show. */
  const expected = (index: number) => ({
    index,
    number: String(numbers[index - 1]),
    title: titles.get(numbers[index - 1]!),
  });

  it('scrolls to the end of 2,550 cases, each row showing its case', async () => {
    const page = s.page;
    expect(titles.size).toBe(CASES);
    await poll(() => page.getByTestId('case-total').textContent()).toBe('1000+ cases');
    const deadline = Date.now() + 150_000;
    let count = 0;
    while (Date.now() < deadline) {
      count = await scrollTo(page, 'end');
      if (count === CASES && (await page.getByTestId(`case-row-${numbers.at(-1)}`).count()) === 1) break;
      await page.waitForTimeout(40);
    }
    expect(count).toBe(CASES);
    const last = await renderedRows(page);
    expect(last.find((r) => r.index === CASES)).toEqual(expected(CASES));
    for (const row of last) expect(row).toEqual(expected(row.index));

    // back into the middle, past 2,000: the rows there show their cases
    await poll(async () => {
      await scrollTo(page, 2_150);
      return (await renderedRows(page)).filter((r) => r.index > 2_150 && r.index < 2_160).length;
    }).toBe(9);
    const middle = await renderedRows(page);
    for (const row of middle) expect(row).toEqual(expected(row.index));
    expect(middle.length).toBeGreaterThan(9);
    expect(Number(await page.locator(LIST).getAttribute('aria-rowcount'))).toBe(CASES);
    expect(await page.getByTestId('case-total').textContent()).toBe('1000+ cases');
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
