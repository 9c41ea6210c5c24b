/**
 * Browser: global search from the command palette (cases, alerts, observables by text) and the
 * observable page (its case, the same value in another case and an alert, marking it sighted); the
 * palette opens on a Ctrl-K pressed before its code has loaded, keeping what was typed meanwhile.
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
import { createCase, postAlert } from './seed.js';

describe.skipIf(!canRunBrowser)('global search and the observable page', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'finders');
    const a = org.analyst;
    for (const title of ['Kerberoasting on dc01', 'Printer jam']) {
      const c = await createCase(a, { title, description: 'd' });
      expect(
        (
          await a.post(`/api/v1/case/${c.number}/observable`, {
            dataType: 'domain',
            data: 'kerberoast.example',
          })
        ).status,
      ).toBe(201);
    }
    await postAlert(a, {
      type: 'siem',
      source: 'edr',
      sourceRef: 'kerb-1',
      title: 'Kerberos ticket storm',
      description: 'd',
      observables: [{ dataType: 'domain', data: 'kerberoast.example' }],
    });
    s = await signedIn(h, org.logins.analyst, '/cases');
  });
  watchSession(() => s);

  it('finds cases, alerts and observables by text from Ctrl-K', async () => {
    const page = s.page;
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Command' }).fill('kerb');
    await page.getByText('Search everything for “kerb”').click();
    const cases = page.getByRole('region', { name: 'Cases found' });
    await poll(() => cases.textContent()).toContain('Kerberoasting on dc01');
    expect(await cases.textContent()).not.toContain('Printer jam');
    await poll(() => page.getByRole('region', { name: 'Alerts found' }).textContent()).toContain(
      'Kerberos ticket storm',
    );
    const observables = page.getByRole('region', { name: 'Observables found' });
    await poll(() => observables.textContent()).toContain('Observables (3)');
    // the palette has closed (its leaving transition would be checked too)
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // a new search from the box, by keyboard
    const box = page.getByLabel('Search cases, alerts and observables');
    await box.fill('printer');
    await box.press('Enter');
    await poll(() => cases.textContent()).toContain('Printer jam');
    expect(new URL(page.url()).searchParams.get('q')).toBe('printer');
  });

  it('opens the palette on a Ctrl-K pressed before its code is there, with what was typed meanwhile', async () => {
    // a second browser page whose palette chunk is held back until the keys are typed
    const page = await s.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      let asked = false;
      await page.route(/\/assets\/PaletteBody-[^/]*\.js$/, async (route) => {
        asked = true;
        await held;
        await route.continue();
      });
      await page.goto('/alerts');
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      const before = page.url();
      // j and x would move and select alerts, c would create a case: they go to the palette instead
      await page.keyboard.press('Control+k');
      await page.keyboard.type('jxc');
      await page.keyboard.press('Backspace');
      await poll(() => asked).toBe(true);
      expect(await page.getByRole('textbox', { name: 'Command' }).count()).toBe(0);
      release();
      const box = page.getByRole('textbox', { name: 'Command' });
      await poll(() => box.inputValue()).toBe('jx');
      await page.keyboard.type('!');
      await poll(() => box.inputValue()).toBe('jx!');
      expect(page.url()).toBe(before);
      await page.keyboard.press('Escape');
      await poll(() => page.getByRole('dialog').count()).toBe(0);
      // open again, now loaded: empty box
      await page.keyboard.press('Control+k');
      await poll(() => page.getByRole('textbox', { name: 'Command' }).inputValue()).toBe('');
      await page.keyboard.press('Control+k');
      await poll(() => page.getByRole('dialog').count()).toBe(0);
    } finally {
      await page.close();
    }
    expect(errors).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('opens an observable: its case, the same value elsewhere, and marks it sighted', async () => {
    const page = s.page;
    await page.getByLabel('Search cases, alerts and observables').fill('kerberoast.example');
    await page.getByLabel('Search cases, alerts and observables').press('Enter');
    const observables = page.getByRole('region', { name: 'Observables found' });
    await poll(() => observables.getByRole('link').count()).toBe(3);
    await observables.getByRole('link').first().click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('kerberoast.example');
    const where = page.getByRole('region', { name: 'Where it is' });
    const elsewhere = page.getByRole('region', { name: 'The same value elsewhere' });
    // it is in one place (a case or the alert); the same value is found in the others
    await poll(() => where.getByRole('link').count()).toBe(1);
    await poll(async () => `${await where.textContent()} ${await elsewhere.textContent()}`).toMatch(
      /(?=.*Kerberos ticket storm)(?=.*Printer jam)(?=.*Kerberoasting on dc01)/,
    );
    await page.getByLabel('Sighted').click();
    await poll(() => page.getByLabel('Sighted').isChecked()).toBe(true);
    await poll(() => page.getByTestId('sighted-at').textContent()).toMatch(/^Sighted /);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await org.analyst.get(`/api/v1/observable/${id}`)).body.sighted).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
