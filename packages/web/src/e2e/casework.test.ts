/**
 * Browser: working a case (a task, a markdown log, an observable), a colleague's task appearing live,
 * stored XSS payloads staying inert, admin forms, the dark theme, and axe-core on these screens.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';

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
  watchSession(() => s);

  it('works a case: a task, a markdown log, an observable; stored XSS stays inert', async () => {
    org = await createOrganisation(h.server, 'casework');
    const created = await org.analyst.post('/api/v1/case', {
      title: 'Phishing wave',
      description: `Case notes\n\n${XSS}`,
    });
    expect(created.status, created.text).toBe(201);
    caseNumber = created.body.number;
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
    await s.context.close();
  });
});
