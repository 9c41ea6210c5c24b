/**
 * Browser: working a case (a task, a markdown log, an observable), a colleague's task appearing live,
 * stored XSS payloads staying inert, admin forms, the dark theme, and axe-core on these screens. Last,
 * the "done when" as a new user lives it: the analyst the administrator just created triages
 * twenty alerts posted by a script without the mouse (five into one new case, five merged into it),
 * works the case to closure, and sees a colleague's new task appear live.
 */
import { describe, expect, it } from 'vitest';
import {
  createOrganisation,
  type OrgFixture,
  userWithKey,
} from '../../../server/src/test-support/identity.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import {
  axeViolations,
  canRunBrowser,
  hasFocus,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { createCase, postAlerts } from './seed.js';

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=2)',
  '<script>window.__xss=3</script>',
  '<a href="https://example.test/ok">kept</a> **bold**',
].join('\n\n');

describe.skipIf(!canRunBrowser)('case work and admin in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session | undefined;
  let caseNumber: number;
  /** The case the new analyst made from the alerts. */
  let workedCase: number;
  watchSession(() => s);

  it('works a case: a task, a markdown log, an observable; stored XSS stays inert', async () => {
    org = await createOrganisation(h.server, 'casework');
    const created = await createCase(org.analyst, {
      title: 'Phishing wave',
      description: `Case notes\n\n${XSS}`,
    });
    caseNumber = created.number;
    s = await signedIn(h, org.logins.analyst, `/cases/${caseNumber}`);
    const page = s.page;
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `#${caseNumber} Phishing wave`,
    );
    const description = page.getByTestId('case-description');
    await poll(() => description.textContent()).toContain('Case notes');
    // the markdown renders, nothing of the payload runs or stays as markup
    expect(await description.locator('strong').textContent()).toBe('bold');
    expect(await description.locator('img').count()).toBe(0);
    expect(await description.locator('script').count()).toBe(0);
    expect(await description.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await description.locator('[onerror]').count()).toBe(0);

    // a task, then a log in markdown (with the same payload)
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByLabel('New task').fill('Block the sender');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('task-list').getByText('Block the sender').click();
    await page.getByLabel('New log (markdown)').fill(`Blocked at the gateway: **done**\n\n${XSS}`);
    await page.getByRole('button', { name: 'Add log' }).click();
    const logs = page.getByTestId('task-logs');
    await poll(() => logs.locator('strong').first().textContent()).toBe('done');
    expect(await logs.locator('img, script, [onerror], a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await page.getByLabel('Task status').selectOption('InProgress');
    await poll(
      async () =>
        (
          await org.analyst.post('/api/v1/query', {
            query: [{ _name: 'getCase', idOrName: String(caseNumber) }, { _name: 'tasks' }],
          })
        ).body[0]?.status,
    ).toBe('InProgress');

    // an observable
    await page.getByRole('tab', { name: 'Observables' }).click();
    await page.getByLabel('Type').selectOption('domain');
    await page.getByLabel('Value').fill('evil.example');
    await page.getByLabel('IOC').check();
    await page.getByRole('button', { name: 'Add observable' }).click();
    await poll(() => page.getByTestId('observable-table').textContent()).toContain('evil.example');
    const stored = (
      await org.analyst.post('/api/v1/query', {
        query: [{ _name: 'getCase', idOrName: String(caseNumber) }, { _name: 'observables' }],
      })
    ).body;
    expect(stored.map((o: { data: string; ioc: boolean }) => `${o.data}:${o.ioc}`)).toEqual([
      'evil.example:true',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // its link opens the observable's page inside the app (no new page load: a mark set now stays)
    await page.evaluate('window.__sameDocument = true');
    await page.getByTestId('observable-table').getByRole('link', { name: 'evil.example' }).click();
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('evil.example');
    expect(new URL(page.url()).pathname).toMatch(/^\/observables\/~\d+$/);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    // back to the case for what follows
    await page.goBack();
    await page.getByTestId('observable-table').getByRole('link', { name: 'evil.example' }).waitFor();
  });

  it('shows a colleague’s new task live', async () => {
    const page = s!.page;
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await poll(() => page.getByTestId('live-state').textContent()).toContain('live');
    const res = await org.orgAdmin.post(`/api/v1/case/${caseNumber}/task`, { title: 'Reset passwords' });
    expect(res.status, res.text).toBe(201);
    await poll(() => page.getByTestId('task-list').textContent(), 5000).toContain('Reset passwords');
    expect(s!.errors).toEqual([]);
    await s!.context.close();
  });

  it('lets an administrator create an organisation and a user in the admin forms, in the dark theme', async () => {
    s = await signedIn(h, ADMIN_LOGIN, '/admin/organisations', {
      password: ADMIN_PASSWORD,
      colorScheme: 'dark',
    });
    const page = s.page;
    expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('dark');
    const form = page.getByRole('region', { name: 'New organisations' });
    await form.getByLabel('Name').fill('blue-team');
    await form.getByLabel('Description').fill('The blue team');
    await form.getByRole('button', { name: 'Create organisation' }).click();
    await poll(() => page.getByRole('table').textContent()).toContain('The blue team');
    // a refusal is explained: the same name again
    await form.getByLabel('Name').fill('blue-team');
    await form.getByLabel('Description').fill('again');
    await form.getByRole('button', { name: 'Create organisation' }).click();
    await poll(() => form.getByRole('alert').textContent()).toMatch(/exist|already|unique|duplicate/i);

    await page.getByRole('navigation', { name: 'Main' }).getByText('Users').click();
    const users = page.getByRole('region', { name: 'New users' });
    await users.getByLabel('Login').fill('ana@blue-team.test');
    await users.getByRole('textbox', { name: 'Name', exact: true }).fill('Ana');
    await users.getByLabel('Organisation').selectOption('blue-team');
    await users.getByLabel('Profile').selectOption('analyst');
    await users.getByLabel('Initial password').fill('ana-password-1');
    await users.getByRole('button', { name: 'Create user' }).click();
    await poll(() => page.getByRole('table').textContent()).toContain('ana@blue-team.test');
    expect(await axeViolations(page)).toEqual([]);
    // theme switch
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('light');
    expect(s.errors).toEqual([]);
    await s.context.close();

    // the new analyst signs in
    s = await signedIn(h, 'ana@blue-team.test', '/alerts', { password: 'ana-password-1' });
    await poll(() => s!.page.getByTestId('alert-total').textContent()).toBe('0 alerts');
  });

  it('as the new analyst, triages twenty alerts by keyboard alone, ten of them into one case', async () => {
    const page = s!.page;
    // a script posts twenty alerts (g-20 newest, first in the list), each with an IP
    const feeder = await userWithKey(h.server, 'blue-team', 'feeder@blue-team.test', 'analyst');
    await postAlerts(feeder, 20, (i) => ({
      sourceRef: `g-${i + 1}`,
      title: `Brute force ${i + 1}`,
      date: Date.UTC(2026, 11, 1, 8, i + 1),
      observables: [{ dataType: 'ip', data: `192.0.2.${i + 1}` }],
    }));
    const press = async (...keys: string[]) => {
      for (const key of keys) await page.keyboard.press(key);
    };
    // they wait behind a bar until "." shows them
    await poll(() => page.getByTestId('new-alerts').textContent()).toContain('20 new alerts');
    await press('.');
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('20 alerts');
    const active = () => page.locator('.data-row[data-active="true"]').getAttribute('data-testid');
    const alert = async (n: number) =>
      (
        await feeder.post('/api/v1/query', {
          query: [
            { _name: 'listAlert' },
            { _name: 'filter', _eq: { _field: 'sourceRef', _value: `g-${n}` } },
          ],
        })
      ).body[0] as { status: string; caseId?: string; read: boolean };
    // up to the newest, the first row
    await poll(async () => {
      await press('k');
      return active();
    }).toBe('alert-row-g-20');

    // g-20 to g-16 into a new case: the first imported, the other four merged into it
    await press('x', 'J', 'J', 'J', 'J');
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('5 selected');
    await press('c');
    const created = page.getByText(/Case #\d+ created from 5 alert\(s\)/);
    await poll(() => created.count()).toBe(1);
    const caseNumber = Number(/#(\d+)/.exec((await created.textContent()) ?? '')?.[1]);
    const caseId = (await alert(20)).caseId;
    expect(caseId).toMatch(/^~\d+$/);
    for (const n of [19, 18, 17, 16]) await poll(async () => (await alert(n)).caseId).toBe(caseId);

    // g-15 to g-11 ignored one by one
    await poll(active).toBe('alert-row-g-16');
    for (const n of [15, 14, 13, 12, 11]) {
      await press('j');
      await poll(active).toBe(`alert-row-g-${n}`);
      await press('i');
      await poll(async () => (await alert(n)).status).toBe('Ignored');
    }

    // g-10 to g-6 closed together as false positives, with a summary
    await press('j');
    await poll(active).toBe('alert-row-g-10');
    await press('x', 'J', 'J', 'J', 'J');
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('5 selected');
    await press('s');
    const dialog = page.getByRole('dialog', { name: 'Set the status of 5 alert(s)' });
    await poll(() => hasFocus(dialog.getByRole('radio', { name: '4. FalsePositive' }))).toBe(true);
    await press('Tab');
    await page.keyboard.type('Our vulnerability scanner');
    // Apply, then at once (the dialog fading out) down to g-5: the key is the list's, not lost
    await press('Tab', 'Tab', 'Enter', 'j');
    for (const n of [10, 9, 8, 7, 6]) await poll(async () => (await alert(n)).status).toBe('FalsePositive');
    await dialog.waitFor({ state: 'hidden' });

    // g-5 to g-1 merged into the new case, with their observables
    await poll(active).toBe('alert-row-g-5');
    await press('x', 'J', 'J', 'J', 'J');
    await poll(() => page.getByTestId('selection-bar').textContent()).toContain('5 selected');
    await press('m');
    const merge = page.getByRole('dialog', { name: 'Merge 5 alert(s) into a case' });
    await poll(() => hasFocus(merge.getByLabel('Case number or id'))).toBe(true);
    await page.keyboard.type(`#${caseNumber}`);
    await poll(() => merge.getByRole('button', { name: 'Merge' }).isEnabled()).toBe(true);
    await press('Enter');
    const results = page.getByRole('dialog', { name: `Merge into case #${caseNumber}` });
    await poll(() => results.getByRole('listitem').count()).toBe(5);
    expect(await results.getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining(
        [5, 4, 3, 2, 1].map((n) => expect.stringMatching(new RegExp(`^✓ Brute force ${n} — `))),
      ),
    );
    await press('Escape');
    // fading out, the closed dialog keeps its name (its emptied title once left a nameless dialog)
    expect(await axeViolations(page, { midTransition: true })).toEqual([]);
    await results.waitFor({ state: 'hidden' });
    for (const n of [5, 4, 3, 2, 1]) expect((await alert(n)).caseId).toBe(caseId);
    const observables = (
      await feeder.post('/api/v1/query', {
        query: [{ _name: 'getCase', idOrName: caseId }, { _name: 'observables' }],
      })
    ).body as { data: string }[];
    expect(observables).toHaveLength(10);
    // all twenty triaged: none is New any more
    for (let n = 1; n <= 20; n++) expect((await alert(n)).status).not.toBe('New');
    expect(await axeViolations(page)).toEqual([]);
    expect(s!.errors).toEqual([]);
    workedCase = caseNumber;
  });

  it('works the new case to closure, a colleague’s new task appearing live meanwhile', async () => {
    const page = s!.page;
    const colleague = await userWithKey(h.server, 'blue-team', 'lee@blue-team.test', 'analyst');
    await page.goto(`/cases/${workedCase}?tab=tasks`);
    await page.getByLabel('New task').fill('Block the addresses');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('task-list').getByText('Block the addresses').click();
    await page.getByLabel('New log (markdown)').fill('Blocked the ten addresses at the **firewall**');
    await page.getByRole('button', { name: 'Add log' }).click();
    await poll(() => page.getByTestId('task-logs').locator('strong').first().textContent()).toBe('firewall');
    await page.getByLabel('Task status').selectOption('Completed');

    // a colleague adds a task: it shows without reloading
    await poll(() => page.getByTestId('live-state').textContent()).toContain('live');
    await colleague.case.createTask(String(workedCase), { title: 'Reset the passwords' } as never);
    await poll(() => page.getByTestId('task-list').textContent(), 5000).toContain('Reset the passwords');

    // closed with a closing status, on the general tab
    await page.getByRole('tab', { name: 'General' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('TruePositive');
    const stored = async () =>
      (await colleague.post('/api/v1/query', { query: [{ _name: 'getCase', idOrName: String(workedCase) }] }))
        .body[0] as { status: string; stage: string };
    await poll(async () => (await stored()).stage).toBe('Closed');
    expect((await stored()).status).toBe('TruePositive');
    expect(s!.errors).toEqual([]);
  });
});
