/**
 * Browser: a long case list past the server's counting threshold ("1000+") scrolls to its real end,
 * as the alert list does (alert-list-scroll.test.ts): both read their pages through
 * common/windowed.ts, whose extent (common/list-extent.ts) lets the list grow a page at a time as
 * its pages fill.
 */
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
import { longList } from './long-list.js';
import { seedMany } from './seed.js';

/**
 * Past the threshold (1,000) by two whole pages (100 rows each) and a short last one: the list grows
 * a page at a time past the threshold and ends at the short page. (Fewer cases than the alert list's
 * test: each is its own request, there being no bulk creation of cases in TheHive 5's API.)
 */
const CASES = 1_250;
const LIST = '[data-testid="case-list"]';

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
    ref: String(numbers[index - 1]),
    title: titles.get(numbers[index - 1]!),
  });

  it('scrolls to the end of 1,250 cases, each row showing its case', async () => {
    const page = s.page;
    const list = longList(page, LIST, 'case-row-', 'a');
    expect(titles.size).toBe(CASES);
    await poll(() => page.getByTestId('case-total').textContent()).toBe('1000+ cases');
    expect(await list.scrollToEnd(CASES, `case-row-${numbers.at(-1)}`)).toBe(CASES);
    const last = await list.rows();
    expect(last.find((r) => r.index === CASES)).toEqual(expected(CASES));
    for (const row of last) expect(row).toEqual(expected(row.index));

    // back into the middle, past the threshold: the rows there show their cases
    await poll(async () => {
      await list.scrollTo(1_120);
      return (await list.rows()).filter((r) => r.index > 1_120 && r.index < 1_130).length;
    }).toBe(9);
    const middle = await list.rows();
    for (const row of middle) expect(row).toEqual(expected(row.index));
    expect(middle.length).toBeGreaterThan(9);
    expect(Number(await page.locator(LIST).getAttribute('aria-rowcount'))).toBe(CASES);
    expect(await page.getByTestId('case-total').textContent()).toBe('1000+ cases');
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
