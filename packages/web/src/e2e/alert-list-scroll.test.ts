/**
 * Browser: a long alert list past the server's counting threshold ("1000+") scrolls to its real end.
 * The list grows a page at a time as its pages fill; it used to stop growing at about 1,300 rows
 * (docs/performance.md): the page scrolled to had no data yet, the list shrank back to the
 * threshold, the scroll position clamped, and so on. An open preview stays on its alert while the
 * list scrolls away from it.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  keepFailure,
  openSession,
  poll,
  type Session,
  signIn,
  useBrowserHarness,
} from './browser.js';

/**
 * More than twice the threshold (1,000), a whole number of pages: the page after the last one is
 * empty, and the list must end at the last full page (list-extent.test.ts has a short last page).
 */
const ALERTS = 2_500;
const LIST = '[data-testid="alert-list"]';

/** The rows in the page: their position (aria-rowindex, from 1) and the alert they show. */
async function renderedRows(page: Page): Promise<{ index: number; ref: string; title: string }[]> {
  // a string: the tests are compiled without the DOM's types
  return page.evaluate(`[...document.querySelectorAll('${LIST} [role="row"][aria-rowindex]')]
    .filter((r) => r.dataset.testid)
    .map((r) => ({
      index: Number(r.getAttribute('aria-rowindex')),
      ref: r.dataset.testid.replace('alert-row-', ''),
      title: r.querySelector('.cell-title')?.textContent ?? '',
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

describe.skipIf(!canRunBrowser)('a long alert list in the browser', { timeout: 240_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'longlist');
    // newest first: row i shows alert ALERTS - 1 - i
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < ALERTS; n = next++) {
        const res = await org.analyst.post('/api/v1/alert', {
          type: 'siem',
          source: 'bulk',
          sourceRef: `s-${n}`,
          title: `Bulk alert ${n}`,
          description: 'x',
          date: Date.UTC(2026, 10, 1) + n * 60_000,
        });
        if (res.status !== 201) throw new Error(`alert ${n}: ${res.status} ${res.text}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    s = await openSession(h);
    await signIn(s.page, org.logins.analyst, 'password-1234', '/alerts');
    // 2,500 alerts posted one by one: about a minute on a loaded machine
  }, 240_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await keepFailure(s?.page, ctx.task.name);
  });
  afterAll(async () => {
    await s?.context.close();
  });

  it('scrolls to the end of 2,500 alerts, each row showing its alert, the preview staying put', async () => {
    const page = s.page;
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('1000+ alerts');
    // preview an alert of the second page
    await poll(async () => {
      await scrollTo(page, 140);
      return page.getByTestId('alert-row-s-2350').count();
    }).toBe(1);
    await page.getByTestId('alert-row-s-2350').click();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Bulk alert 2350');

    // to the end, again and again: the list grows a page at a time until a short page ends it
    const deadline = Date.now() + 120_000;
    let count = 0;
    while (Date.now() < deadline) {
      count = await scrollTo(page, 'end');
      if (count === ALERTS && (await page.getByTestId('alert-row-s-0').count()) === 1) break;
      await page.waitForTimeout(40);
    }
    expect(count).toBe(ALERTS);
    const last = await renderedRows(page);
    expect(last.find((r) => r.index === ALERTS)).toEqual({
      index: ALERTS,
      ref: 's-0',
      title: 'Bulk alert 0',
    });
    for (const row of last) expect(row.ref).toBe(`s-${ALERTS - row.index}`);
    for (const row of last) expect(row.title).toBe(`Bulk alert ${ALERTS - row.index}`);

    // back into the middle, past 2,000: the rows there show their alerts
    await poll(async () => {
      await scrollTo(page, 2_050);
      return (await renderedRows(page)).filter((r) => r.index > 2_050 && r.index < 2_060).length;
    }).toBe(9);
    for (const row of await renderedRows(page)) {
      expect(row.ref).toBe(`s-${ALERTS - row.index}`);
      expect(row.title).toBe(`Bulk alert ${ALERTS - row.index}`);
    }
    expect(Number(await page.locator(LIST).getAttribute('aria-rowcount'))).toBe(ALERTS);
    expect(await page.getByTestId('alert-total').textContent()).toBe('1000+ alerts');
    // the preview stayed on its alert while the list scrolled away from it
    expect(await preview.getByRole('heading', { level: 2 }).textContent()).toBe('Bulk alert 2350');
    expect(new URL(page.url()).searchParams.get('preview')).toMatch(/^~\d+$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
