/**
 * Browser: sign in, a triage session by keyboard only, a bulk close with per-item results, importing an
 * alert into a case, and live updates from a second user that keep the selection.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  openSession,
  poll,
  type Session,
  signIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { postAlert } from './seed.js';

describe.skipIf(!canRunBrowser)('alert triage in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;

  const post = async (n: number, extra: Record<string, unknown> = {}) => {
    const res = await postAlert(org.analyst, {
      type: 'siem',
      source: 'ids',
      sourceRef: `t-${n}`,
      title: `Suspicious login ${n}`,
      description: `Seen from **10.0.0.${n}**`,
      severity: (n % 4) + 1,
      date: Date.UTC(2026, 11, 1, 0, n),
      observables: [{ dataType: 'ip', data: `10.0.0.${n}` }],
      ...extra,
    });
    return res as { _id: string };
  };
  watchSession(() => s);
  const row = (n: number) => s.page.getByTestId(`alert-row-t-${n}`);
  const activeRef = () => s.page.locator('.data-row[data-active="true"]').getAttribute('data-testid');

  it('signs in, refusing a wrong password in words', async () => {
    org = await createOrganisation(h.server, 'triage');
    for (let n = 1; n <= 8; n++) await post(n);
    s = await openSession(h);
    await s.page.goto('/alerts?sort=%5B%22-date%22%5D');
    await s.page.getByLabel('Login').fill(org.logins.analyst);
    await s.page.getByRole('textbox', { name: 'Password' }).fill('wrong-password');
    await s.page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => s.page.getByRole('alert').textContent()).toContain('Wrong login or password');
    await signIn(s.page, org.logins.analyst, 'password-1234', '/alerts');
    // the deep link survived the login
    expect(new URL(s.page.url()).pathname).toBe('/alerts');
    await poll(() => s.page.getByTestId('alert-total').textContent()).toBe('8 alerts');
  });

  it('triages by keyboard: move, select, preview, observables inline, read, assign, ignore', async () => {
    const page = s.page;
    await row(8).waitFor();
    expect(await activeRef()).toBe('alert-row-t-8');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await activeRef()).toBe('alert-row-t-6');
    await page.keyboard.press('k');
    expect(await activeRef()).toBe('alert-row-t-7');
    // preview follows the cursor and its URL can be shared
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Suspicious login 7');
    await poll(() => preview.textContent()).toContain('10.0.0.7');
    expect(new URL(page.url()).searchParams.get('preview')).toMatch(/^~\d+$/);
    await page.keyboard.press('j');
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Suspicious login 6');
    await page.keyboard.press('Escape');
    await poll(() => preview.count()).toBe(0);
    // observables inline
    await page.keyboard.press('e');
    await poll(() => row(6).getByTestId('inline-observables').textContent()).toContain('ip: 10.0.0.6');
    // read, assign to me, ignore: on the active alert
    await page.keyboard.press('r');
    await page.keyboard.press('a');
    const six = async () => {
      const res = await org.analyst.post('/api/v1/query', {
        query: [{ _name: 'listAlert' }, { _name: 'filter', _eq: { _field: 'sourceRef', _value: 't-6' } }],
      });
      return res.body[0];
    };
    await poll(async () => (await six()).assignee).toBe(org.logins.analyst);
    // read and assign are two requests in flight at once: either may land first
    await poll(async () => (await six()).read).toBe(true);
    await page.keyboard.press('i');
    await poll(async () => (await six()).status).toBe('Ignored');
    expect(s.errors).toEqual([]);
  });

  it('bulk closes a selection, listing what failed one by one', async () => {
    const page = s.page;
    await page.keyboard.press('g'); // not a triage key: nothing happens
    // select t-5, t-4, t-3 with x and J
    await row(5).click();
    await page.keyboard.press('x');
    await page.keyboard.press('J');
    await page.keyboard.press('J');
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('3 selected');
    // someone deletes t-4 meanwhile: the batch is refused, each alert is then tried alone
    const four = (
      await org.analyst.post('/api/v1/query', {
        query: [{ _name: 'listAlert' }, { _name: 'filter', _eq: { _field: 'sourceRef', _value: 't-4' } }],
      })
    ).body[0];
    expect((await org.orgAdmin.delete(`/api/v1/alert/${four._id}`)).status).toBe(204);
    await page.keyboard.press('s');
    const dialog = page.getByRole('dialog', { name: /Set the status of 3 alert/ });
    await dialog.getByLabel('4. FalsePositive').check();
    await dialog.getByLabel('Summary (optional)').fill('scanner noise');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    const failures = page.getByTestId('bulk-failures');
    await poll(() => failures.textContent()).toContain(four._id);
    // the results' own dialog (the status dialog may still be leaving)
    await page.getByRole('dialog').filter({ has: failures }).getByRole('button', { name: 'Close' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    const closed = (
      await org.analyst.post('/api/v1/query', {
        query: [
          { _name: 'listAlert' },
          { _name: 'filter', _eq: { _field: 'status', _value: 'FalsePositive' } },
        ],
      })
    ).body.map((a: { sourceRef: string; summary?: string }) => `${a.sourceRef}:${a.summary}`);
    expect(closed.sort()).toEqual(['t-3:scanner noise', 't-5:scanner noise']);
    // the failed one stays selected, the others are unselected
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('1 selected');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('selection-bar').count()).toBe(0);
  });

  it('imports the active alert into a new case with c', async () => {
    const page = s.page;
    await row(2).click();
    await page.keyboard.press('c');
    await poll(() => page.getByText(/Case #\d+ created from 1 alert/).count()).toBe(1);
    const two = (
      await org.analyst.post('/api/v1/query', {
        query: [{ _name: 'listAlert' }, { _name: 'filter', _eq: { _field: 'sourceRef', _value: 't-2' } }],
      })
    ).body[0];
    expect(two.status).toBe('Imported');
    expect(two.caseId).toMatch(/^~\d+$/);
  });

  it('shows a colleague’s new alert behind a bar, keeping the selection, then on "."', async () => {
    const page = s.page;
    await row(1).click();
    await page.keyboard.press('x');
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('1 selected');
    await poll(() => page.getByTestId('live-state').textContent()).toContain('live');
    await post(9, { date: Date.UTC(2026, 11, 2) });
    await poll(() => page.getByTestId('new-alerts').textContent()).toContain('1 new alert');
    // not listed, even if a refresh (another alert's change) raced ahead of the event
    await poll(() => row(9).count()).toBe(0);
    await page.keyboard.press('.');
    await row(9).waitFor();
    expect(await page.getByTestId('selection-bar').textContent()).toContain('1 selected');
    expect(await activeRef()).toBe('alert-row-t-1');
  });

  it('keeps filters, sort and columns in the URL: a copied link shows the same list', async () => {
    const page = s.page;
    await page.getByRole('button', { name: 'New & unassigned' }).click();
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('4 alerts');
    const url = page.url();
    const other = await s.context.newPage();
    await other.goto(url);
    await poll(() => other.getByTestId('alert-total').textContent()).toBe('4 alerts');
    await other.close();
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
});
