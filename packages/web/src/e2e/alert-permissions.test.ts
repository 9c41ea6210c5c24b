/**
 * Browser: the alert list's actions follow the user's permissions. A read-only user sees no key, bar
 * button or preview button that changes alerts, and pressing such a key says why in words and sends
 * nothing; a profile with `manageAlert/update` alone triages (status, assign, ignore) but neither
 * imports nor merges.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  type OrgFixture,
  userWithKey,
} from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { postAlerts } from './seed.js';

/** The changes the page asked of the server (anything but reads and list queries). */
function recordWrites(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() !== 'GET' && url.pathname.startsWith('/api/') && url.pathname !== '/api/v1/query')
      writes.push(`${r.method()} ${url.pathname}`);
  });
  return writes;
}

describe.skipIf(!canRunBrowser)('alert actions by permission in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session | undefined;
  const ids: Record<number, string> = {};

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'perms');
    const alerts = await postAlerts(org.analyst, 3, (i) => ({
      source: 'perms',
      sourceRef: `p-${i + 1}`,
      title: `Permission alert ${i + 1}`,
      date: Date.UTC(2026, 11, 1, 0, i + 1),
    }));
    alerts.forEach((a, i) => {
      ids[i + 1] = a._id;
    });
    const profile = await h.server.admin.post('/api/v1/profile', {
      name: 'triager',
      permissions: ['manageAlert/update'],
    });
    expect(profile.status, profile.text).toBe(201);
    await userWithKey(h.server, org.name, 'triager@perms.test', 'triager');
  });
  watchSession(() => s);

  const helpKeys = async (page: Page) => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard' });
    await dialog.waitFor();
    const keys = await dialog.locator('kbd').allTextContents();
    return { dialog, keys };
  };

  it('shows a read-only user no action that changes alerts, and refuses their keys in words', async () => {
    s = await signedIn(h, org.logins.readOnly, '/alerts');
    const page = s.page;
    const writes = recordWrites(page);
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('3 alerts');

    // the keyboard sheet lists the keys that read only, and says why the others are missing
    const { dialog, keys } = await helpKeys(page);
    expect(keys).toEqual(expect.arrayContaining(['j / k (↓ / ↑)', 'x', 'Enter / o', 'e', '/']));
    for (const key of ['r', 's', 'a', 'c', 'm', 'i']) expect(keys).not.toContain(key);
    expect(await dialog.getByTestId('keys-hidden').textContent()).toContain('not listed');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    // a selection: the bar offers nothing but clearing it
    await page.getByTestId('alert-row-p-2').click();
    await page.keyboard.press('x');
    const bar = page.getByTestId('selection-bar');
    await poll(() => bar.textContent()).toContain('1 selected');
    expect(await bar.getByRole('button').allTextContents()).toEqual(['Clear']);
    await page.keyboard.press('Escape');
    await poll(() => bar.count()).toBe(0);

    // the preview: no action button, no merge into a similar case
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Permission alert 2');
    expect(await preview.getByTestId('preview-actions').getByRole('button').count()).toBe(0);

    // each key says what is missing; no dialog opens, nothing is sent
    const notice = (needs: string) =>
      page
        .locator('.mantine-Notification-root')
        .filter({ hasText: 'Not allowed' })
        .filter({ hasText: needs });
    for (const [key, needs] of [
      ['s', 'needs manageAlert/update.'],
      ['a', 'needs manageAlert/update.'],
      ['i', 'needs manageAlert/update.'],
      ['r', 'needs manageAlert/update.'],
      ['c', 'needs manageAlert/import and manageCase/create.'],
      ['m', 'needs manageAlert/import and manageCase/update.'],
    ] as const) {
      await page.keyboard.press(key);
      await poll(() => notice(needs).count()).toBe(1);
      expect(await page.getByRole('dialog').count()).toBe(0);
    }
    expect(await axeViolations(page)).toEqual([]);
    expect(writes).toEqual([]);
    const alert = (await org.analyst.get(`/api/v1/alert/${ids[2]}`)).body;
    expect([alert.status, alert.assignee ?? null, alert.read, alert.caseId ?? null]).toEqual([
      'New',
      null,
      false,
      null,
    ]);
    expect(s.errors).toEqual([]);
    await s.context.close();
    s = undefined;
  });

  it('lets a profile with manageAlert/update alone triage, but not import or merge', async () => {
    s = await signedIn(h, 'triager@perms.test', '/alerts');
    const page = s.page;
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('3 alerts');
    const { keys } = await helpKeys(page);
    expect(keys).toEqual(expect.arrayContaining(['r', 's', 'a', 'i']));
    expect(keys).not.toContain('c');
    expect(keys).not.toContain('m');
    await page.keyboard.press('Escape');
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.getByTestId('alert-row-p-3').click();
    await page.keyboard.press('x');
    const bar = page.getByTestId('selection-bar');
    await poll(() => bar.textContent()).toContain('1 selected');
    expect(await bar.getByRole('button').allTextContents()).toEqual([
      'Close / status…',
      'Assign to me',
      'Clear',
    ]);
    await page.keyboard.press('m');
    const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'Not allowed' });
    await poll(() => notice.textContent()).toContain('needs manageAlert/import and manageCase/update.');
    expect(await page.getByRole('dialog').count()).toBe(0);
    // assigning is allowed, by key
    await page.keyboard.press('a');
    await poll(async () => (await org.analyst.get(`/api/v1/alert/${ids[3]}`)).body.assignee).toBe(
      'triager@perms.test',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Permission alert 3');
    expect(await preview.getByTestId('preview-actions').getByRole('button').allTextContents()).toEqual([
      'Status (s)',
      'Assign to me (a)',
      'Mark read (r)',
      'Ignore (i)',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
