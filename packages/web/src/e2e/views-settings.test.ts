/**
 * Browser: saved views and settings kept on the server — the alert list saved as a shared view,
 * picked again, renamed and deleted; a colleague reads the shared view but may not change it; a case
 * list view; the settings screen (theme, date format, density, time zone) applied at once and found
 * again in a fresh browser; axe-core on the screens and dialogs.
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
import { createCase, postAlerts } from './seed.js';

describe.skipIf(!canRunBrowser)('saved views and settings in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'prefs');
    const now = Date.now();
    const titles = ['Phishing mail', 'Phishing link', 'Port scan'];
    await postAlerts(org.analyst, titles.length, (i) => ({
      sourceRef: `pref-${i}`,
      title: titles[i],
      date: now - (i + 1) * 3_600_000,
    }));
    for (const title of ['Ransomware', 'Lost laptop'])
      await createCase(org.analyst, { title, description: 'd' });
    s = await signedIn(h, org.logins.analyst, '/alerts');
  });
  watchSession(() => s);

  it('saves the alert list as a shared view, applies, renames and deletes it', async () => {
    const page = s.page;
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('3 alerts');
    await page.getByLabel('Search alerts').fill('Phishing');
    await page.getByLabel('Search alerts').press('Enter');
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('2 alerts');

    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const save = page.getByRole('dialog', { name: 'Save the current view' });
    await save.getByLabel('Name').fill('Phishing queue');
    await save.getByLabel('Share with my organisation').check();
    expect(await axeViolations(page)).toEqual([]);
    await save.getByRole('button', { name: 'Save' }).click();
    await poll(() => save.isVisible()).toBe(false);

    // on the server, shared: a colleague reads it and may not change it
    const seen = await org.readOnly.get('/api/v1/view?entity=alert');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject([
      { name: 'Phishing queue', status: 'Shared', writable: false, filters: { q: 'Phishing' } },
    ]);
    expect((await org.readOnly.patch(`/api/v1/view/${seen.body[0]._id}`, { name: 'x' })).status).toBe(403);

    // back to the whole list, then the view again
    await page.getByLabel('Search alerts').fill('');
    await page.getByLabel('Search alerts').press('Enter');
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('3 alerts');
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: /Phishing queue/ }).click();
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('2 alerts');
    expect(await page.getByLabel('Search alerts').inputValue()).toBe('Phishing');

    // rename and unshare in the manager, then delete
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Manage views…' }).click();
    const manage = page.getByRole('dialog', { name: 'Saved views' });
    await manage.getByLabel('Name of view Phishing queue').fill('Phish');
    await manage.getByLabel('Name of view Phishing queue').press('Enter');
    await poll(async () =>
      (await org.analyst.get('/api/v1/view')).body.map((v: { name: string }) => v.name),
    ).toEqual(['Phish']);
    await manage.getByLabel('Share view Phish with the organisation').click();
    await poll(async () => (await org.readOnly.get('/api/v1/view')).body).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await manage.getByLabel('Delete view Phish').click();
    await poll(() => manage.getByText('No saved view yet').isVisible()).toBe(true);
    expect((await org.analyst.get('/api/v1/view')).body).toEqual([]);
    await page.keyboard.press('Escape');
    expect(s.errors).toEqual([]);
  });

  it('saves and applies a case list view', async () => {
    const page = s.page;
    await page.getByRole('navigation', { name: 'Main' }).getByText('Cases').click();
    await poll(() => page.getByTestId('case-total').textContent()).toBe('2 cases');
    await page.getByLabel('Search cases').fill('Ransomware');
    await page.getByLabel('Search cases').press('Enter');
    await poll(() => page.getByTestId('case-total').textContent()).toBe('1 case');
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    const save = page.getByRole('dialog', { name: 'Save the current view' });
    await save.getByLabel('Name').fill('Ransom');
    await save.getByRole('button', { name: 'Save' }).click();
    await poll(() => save.isVisible()).toBe(false);

    await page.getByLabel('Search cases').fill('');
    await page.getByLabel('Search cases').press('Enter');
    await poll(() => page.getByTestId('case-total').textContent()).toBe('2 cases');
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Ransom' }).click();
    await poll(() => page.getByTestId('case-total').textContent()).toBe('1 case');
    expect(await page.getByLabel('Search cases').inputValue()).toBe('Ransomware');
    // private: the colleague does not see it
    expect((await org.readOnly.get('/api/v1/view?entity=case')).body).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('applies settings at once everywhere and finds them again in another browser', async () => {
    const page = s.page;
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const html = page.locator('html');

    await page.getByText('Dark', { exact: true }).click();
    await poll(() => html.getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.getByText('Relative (5 minutes ago)').click();
    await poll(() => page.getByTestId('date-sample').textContent()).toContain('5 minutes ago');
    await page.getByText('Compact', { exact: true }).click();
    await poll(() => html.getAttribute('data-density')).toBe('compact');
    await page.getByRole('main').getByLabel('Time zone').fill('Asia/Tok');
    // the settings screen's searchable list (the header's native list has the same options)
    await page
      .getByRole('option', { name: 'Asia/Tokyo' })
      .and(page.locator('[data-combobox-option]'))
      .click();
    await poll(async () => (await org.analyst.get('/api/v1/settings')).body).toEqual({
      theme: 'dark',
      timeZone: 'Asia/Tokyo',
      density: 'compact',
      dateFormat: 'relative',
    });
    expect(await axeViolations(page)).toEqual([]);

    // the alert list: relative dates, compact rows
    await page.getByRole('navigation', { name: 'Main' }).getByText('Alerts').click();
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('3 alerts');
    const row = page.getByRole('row').filter({ hasText: 'Port scan' });
    await poll(() => row.textContent()).toContain('3 hours ago');
    expect(
      await row.evaluate((el) => (el as unknown as { style: { minHeight: string } }).style.minHeight),
    ).toBe('26px');
    expect(s.errors).toEqual([]);

    // a fresh browser (nothing kept locally) gets them from the server
    const other = await signedIn(h, org.logins.analyst, '/alerts');
    try {
      await poll(() => other.page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
      await poll(() => other.page.getByRole('banner').getByLabel('Time zone').inputValue()).toBe(
        'Asia/Tokyo',
      );
      const otherRow = other.page.getByRole('row').filter({ hasText: 'Phishing mail' });
      await poll(() => otherRow.textContent()).toContain('1 hour ago');
      expect(other.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});
