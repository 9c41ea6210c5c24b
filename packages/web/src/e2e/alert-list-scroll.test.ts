/**
 * Browser: a long alert list past the server's counting threshold ("1000+") scrolls to its real end.
 * The list grows a page at a time as its pages fill; it used to stop growing at about 1,300 rows
 * (docs/performance.md): the page scrolled to had no data yet, the list shrank back to the
 * threshold, the scroll position clamped, and so on. An open preview stays on its alert while the
 * list scrolls away from it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
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
import { postAlerts } from './seed.js';

/**
 * More than twice the threshold (1,000), a whole number of pages: the page after the last one is
 * empty, and the list must end at the last full page (list-extent.test.ts has a short last page).
 */
const ALERTS = 2_500;
const LIST = '[data-testid="alert-list"]';

describe.skipIf(!canRunBrowser)('a long alert list in the browser', { timeout: 240_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'longlist');
    // newest first: row i shows alert ALERTS - 1 - i
    await postAlerts(org.analyst, ALERTS, (n) => ({
      source: 'bulk',
      sourceRef: `s-${n}`,
      title: `Bulk alert ${n}`,
      description: 'x',
      date: Date.UTC(2026, 10, 1) + n * 60_000,
    }));
    s = await signedIn(h, org.logins.analyst, '/alerts');
  }, 240_000);
  watchSession(() => s);

  it('scrolls to the end of 2,500 alerts, each row showing its alert, the preview staying put', async () => {
    const page = s.page;
    const list = longList(page, LIST, 'alert-row-', '.cell-title');
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('1000+ alerts');
    // preview an alert of the second page
    await poll(async () => {
      await list.scrollTo(140);
      return page.getByTestId('alert-row-s-2350').count();
    }).toBe(1);
    await page.getByTestId('alert-row-s-2350').click();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Bulk alert 2350');

    // to the end, again and again: the list grows a page at a time until a short page ends it
    expect(await list.scrollToEnd(ALERTS, 'alert-row-s-0')).toBe(ALERTS);
    const last = await list.rows();
    expect(last.find((r) => r.index === ALERTS)).toEqual({
      index: ALERTS,
      ref: 's-0',
      title: 'Bulk alert 0',
    });
    for (const row of last) expect(row.ref).toBe(`s-${ALERTS - row.index}`);
    for (const row of last) expect(row.title).toBe(`Bulk alert ${ALERTS - row.index}`);

    // back into the middle, past 2,000: the rows there show their alerts
    await poll(async () => {
      await list.scrollTo(2_050);
      return (await list.rows()).filter((r) => r.index > 2_050 && r.index < 2_060).length;
    }).toBe(9);
    for (const row of await list.rows()) {
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
