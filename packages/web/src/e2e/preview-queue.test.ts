/**
 * Browser: the preview moves on when its alert leaves the list — acted on by keyboard, or changed or
 * deleted by a colleague (a live update) — to the alert now under the cursor: the next one of the
 * queue, or the one before when it was the last.
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
import { postAlerts } from './seed.js';

describe.skipIf(!canRunBrowser)('the preview follows the queue in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;
  const ids: Record<number, string> = {};

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'queue');
    const alerts = await postAlerts(org.analyst, 6, (i) => ({
      source: 'queue',
      sourceRef: `q-${i + 1}`,
      title: `Queue alert ${i + 1}`,
      description: `Alert number ${i + 1}`,
      date: Date.UTC(2026, 11, 1, 0, i + 1),
    }));
    alerts.forEach((a, i) => {
      ids[i + 1] = a._id;
    });
    s = await signedIn(h, org.logins.analyst, '/alerts');
  });
  watchSession(() => s);

  const heading = () =>
    s.page.getByRole('region', { name: 'Alert preview' }).getByRole('heading', { level: 2 }).textContent();
  const previewed = () => new URL(s.page.url()).searchParams.get('preview');
  const activeRef = () => s.page.locator('.data-row[data-active="true"]').getAttribute('data-testid');

  it('moves on to the next alert of the queue when the previewed one is acted on by keyboard', async () => {
    const page = s.page;
    await page.getByRole('button', { name: 'New & unassigned' }).click();
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('6 alerts');
    // newest first: q-6, q-5, q-4, ...
    await page.getByTestId('alert-row-q-5').click();
    await page.keyboard.press('Enter');
    await poll(heading).toBe('Queue alert 5');
    // assigned: no longer "unassigned", it leaves the list; the preview shows the next alert
    await page.keyboard.press('a');
    await poll(heading).toBe('Queue alert 4');
    expect(previewed()).toBe(ids[4]);
    await poll(activeRef).toBe('alert-row-q-4');
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('5 alerts');
    expect((await org.analyst.get(`/api/v1/alert/${ids[5]}`)).body.assignee).toBe(org.logins.analyst);
    // ignored (closed) by keyboard: the same
    await page.keyboard.press('i');
    await poll(heading).toBe('Queue alert 3');
    expect(previewed()).toBe(ids[3]);
    expect((await org.analyst.get(`/api/v1/alert/${ids[4]}`)).body.status).toBe('Ignored');
    expect(s.errors).toEqual([]);
  });

  it('moves on when a colleague closes or deletes the previewed alert, live', async () => {
    const page = s.page;
    await poll(() => page.getByTestId('live-state').textContent()).toContain('live');
    const closed = await org.orgAdmin.patch(`/api/v1/alert/${ids[3]}`, { status: 'FalsePositive' });
    expect(closed.status, closed.text).toBe(204);
    await poll(heading).toBe('Queue alert 2');
    expect(previewed()).toBe(ids[2]);
    await poll(activeRef).toBe('alert-row-q-2');
    // the last of the queue: the preview moves to the one before it
    await page.keyboard.press('j');
    await poll(heading).toBe('Queue alert 1');
    expect((await org.orgAdmin.delete(`/api/v1/alert/${ids[1]}`)).status).toBe(204);
    await poll(heading).toBe('Queue alert 2');
    expect(previewed()).toBe(ids[2]);
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('2 alerts');
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
