/**
 * Browser: the admin screens added with the collaboration routes — taxonomies (a machinetag.json
 * file, enable, delete), the ATT&CK import (MITRE's ICS bundle), page templates and custom statuses
 * (an organisation administrator) — with axe-core on each.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../server/src/test-support/identity.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../../../server/src/test-support/server.js';
import { icsAttackBundle } from '../../../server/src/test-support/shared-data.js';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';

const MACHINETAG = {
  namespace: 'e2e-certainty',
  description: 'How sure we are',
  version: 2,
  predicates: [
    { value: 'certain', expanded: 'Certain' },
    { value: 'doubtful', expanded: 'Doubtful' },
  ],
};

describe.skipIf(!canRunBrowser)(
  'admin screens for taxonomies, ATT&CK, page templates, statuses',
  { timeout: 120_000 },
  () => {
    const h = useBrowserHarness();
    let s: Session | undefined;
    watchSession(() => s, 'each');

    it('adds a taxonomy from its file, enables and deletes it; imports the ATT&CK ICS bundle', async () => {
      s = await signedIn(h, ADMIN_LOGIN, '/admin/taxonomies', {
        password: ADMIN_PASSWORD,
        acceptDialogs: true,
      });
      const page = s.page;
      const form = page.getByRole('region', { name: 'New taxonomies' });
      await form.locator('input[type=file]').setInputFiles({
        name: 'machinetag.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(MACHINETAG)),
      });
      await form.getByRole('button', { name: 'Add taxonomy' }).click();
      const table = page.getByRole('table');
      await poll(() => table.textContent()).toContain('e2e-certainty');
      expect(await table.textContent()).toContain('How sure we are');
      expect(await axeViolations(page)).toEqual([]);
      // a new taxonomy starts disabled, as in TheHive
      expect(await table.textContent()).toContain('disabled');
      await page.getByRole('button', { name: 'Enable e2e-certainty' }).click();
      await poll(async () => (await h.server.admin.get('/api/v1/taxonomy/e2e-certainty')).body.enabled).toBe(
        true,
      );
      await page.getByRole('button', { name: 'Delete e2e-certainty' }).click();
      await poll(() => table.textContent()).not.toContain('e2e-certainty');
      // a file that is not JSON is refused in words
      await form.locator('input[type=file]').setInputFiles({
        name: 'notes.json',
        mimeType: 'application/json',
        buffer: Buffer.from('not json'),
      });
      await form.getByRole('button', { name: 'Add taxonomy' }).click();
      await poll(() => form.getByRole('alert').textContent()).toContain('notes.json is not JSON');

      await page.getByRole('navigation', { name: 'Main' }).getByText('ATT&CK').click();
      await poll(() => page.getByTestId('pattern-count').textContent()).toBe('0 techniques imported');
      await page.locator('input[type=file]').setInputFiles(icsAttackBundle());
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await poll(() => page.getByTestId('import-result').textContent(), 60_000).toMatch(
        /^\d+ created, 0 updated/,
      );
      const total = (
        await h.server.admin.post('/api/v1/query', { query: [{ _name: 'listPattern' }, { _name: 'count' }] })
      ).body;
      expect(total).toBeGreaterThan(50);
      await poll(() => page.getByTestId('pattern-count').textContent()).toBe(`${total} techniques imported`);
      expect(await axeViolations(page)).toEqual([]);
      expect(s.errors).toEqual([]);
    });

    it('lets an organisation administrator write a page template and a case status', async () => {
      const org = await createOrganisation(h.server, 'adminforms');
      s = await signedIn(h, org.logins.orgAdmin, '/admin/page-templates');
      const page = s.page;
      const form = page.getByRole('region', { name: 'New page templates' });
      await form.getByLabel('Template title').fill('Lessons learned');
      await form.getByLabel('Category').fill('Closure');
      await form.getByLabel('Template content (markdown)').fill('## What went well');
      await form.getByRole('button', { name: 'Create page template' }).click();
      await poll(() => page.getByRole('table').textContent()).toContain('Lessons learned');
      const templates = (await org.orgAdmin.get('/api/v1/pageTemplate')).body;
      expect(templates.map((t: { title: string; content: string }) => [t.title, t.content])).toEqual([
        ['Lessons learned', '## What went well'],
      ]);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('navigation', { name: 'Main' }).getByText('Statuses').click();
      const statusForm = page.getByRole('region', { name: 'New statuses' });
      await statusForm.getByLabel('Status name').fill('Contained');
      await statusForm.getByLabel('Stage').selectOption('InProgress');
      await statusForm.getByRole('button', { name: 'Create status' }).click();
      await poll(() => page.getByRole('table').textContent()).toContain('Contained');
      await page.getByRole('button', { name: 'Hide Contained' }).click();
      await poll(
        async () =>
          (await org.orgAdmin.get('/api/v1/caseStatus')).body.find(
            (x: { value: string }) => x.value === 'Contained',
          )?.hidden,
      ).toBe(true);
      // a built-in status cannot be created again: the refusal is shown
      await statusForm.getByLabel('Status name').fill('New');
      await statusForm.getByRole('button', { name: 'Create status' }).click();
      await poll(() => statusForm.getByRole('alert').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  },
);
