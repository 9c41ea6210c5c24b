/**
 * Browser: the alerts sharing observables with the previewed alert (with the count, each a link to
 * its preview, reached with Tab and opened with Enter), and `m` on a selection of alerts: the union
 * of their observables to choose from, the merge bringing only the chosen ones, a line per alert
 * after; axe-core on the preview and the dialogs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
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
import { createCase, postAlert } from './seed.js';

describe.skipIf(!canRunBrowser)(
  'similar alerts and the bulk merge in the browser',
  { timeout: 120_000 },
  () => {
    const h = useBrowserHarness();
    let org: OrgFixture;
    let s: Session;
    let caseId: string;
    let caseNumber: number;
    const ids: Record<string, string> = {};
    const q = async (steps: unknown[]) => (await org.analyst.post('/api/v1/query', { query: steps })).body;

    beforeAll(async () => {
      org = await createOrganisation(h.server, 'simmerge');
      const kase = await createCase(org.analyst, { title: 'Credential phishing', description: 'd' });
      caseId = kase._id;
      caseNumber = kase.number;
      const alerts: [string, string, { dataType: string; data: string; ioc?: boolean }[]][] = [
        ['sm-1', 'Login from a new country', [{ dataType: 'ip', data: '198.51.100.9' }]],
        [
          'sm-2',
          'Phishing link clicked',
          [
            { dataType: 'ip', data: '198.51.100.7', ioc: true },
            { dataType: 'url', data: 'https://login.bad.example/x' },
          ],
        ],
        [
          'sm-3',
          'Mail from a lookalike domain',
          [
            { dataType: 'domain', data: 'bad.example' },
            { dataType: 'ip', data: '198.51.100.7' },
          ],
        ],
        [
          'sm-4',
          'Password reset storm',
          [
            { dataType: 'ip', data: '198.51.100.7' },
            { dataType: 'domain', data: 'bad.example' },
          ],
        ],
      ];
      for (const [ref, title, observables] of alerts) {
        const res = await postAlert(org.analyst, {
          type: 'mail',
          source: 'e2e',
          sourceRef: ref,
          title,
          description: 'd',
          observables,
        });
        ids[ref] = res._id;
      }
      s = await signedIn(h, org.logins.analyst, `/alerts?preview=${ids['sm-4']}`);
    });
    watchSession(() => s);

    it('lists the similar alerts with the count, and opens one from the keyboard', async () => {
      const page = s.page;
      const preview = page.getByRole('region', { name: 'Alert preview' });
      await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Password reset storm');
      const similar = preview.getByTestId('similar-alerts');
      await poll(() => similar.getByRole('row').count()).toBe(2);
      // newest first; the one sharing nothing is not there
      expect(await similar.getByRole('row').allTextContents()).toEqual([
        expect.stringMatching(/Mail from a lookalike domain.*2\/2 observables in common/),
        expect.stringMatching(/Phishing link clicked.*1\/2 observables, 1 IOC in common/),
      ]);
      expect(await preview.textContent()).toContain('Similar alerts (2)');
      expect(await axeViolations(page)).toEqual([]);

      // Tab reaches the link, Enter opens that alert's preview (the list's keys leave Enter to links)
      const link = similar.getByRole('link', { name: 'Phishing link clicked' });
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await hasFocus(link);
      }
      expect(reached).toBe(true);
      await page.keyboard.press('Enter');
      await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe(
        'Phishing link clicked',
      );
      expect(new URL(page.url()).searchParams.get('preview')).toBe(ids['sm-2']);
      // the cursor followed: the row is the active one
      await poll(() => page.getByTestId('alert-row-sm-2').getAttribute('data-active')).toBe('true');
      await poll(() => preview.getByTestId('similar-alerts').textContent()).toContain('Password reset storm');
      expect(s.errors).toEqual([]);
    });

    it('merges a selection choosing among the union of its observables, with a line per alert', async () => {
      const page = s.page;
      // select three alerts by keyboard: the cursor is on sm-2
      await page.getByTestId('alert-row-sm-2').click();
      await page.keyboard.press('x');
      for (const ref of ['sm-3', 'sm-4']) {
        await page.getByTestId(`alert-row-${ref}`).click();
        await page.keyboard.press('x');
      }
      await poll(() => page.getByTestId('selection-bar').textContent()).toContain('3 selected');
      await page.keyboard.press('m');
      const dialog = page.getByRole('dialog', { name: 'Merge 3 alert(s) into a case' });
      const list = dialog.getByTestId('bulk-merge-observables');
      // ip 198.51.100.7 (three alerts, an IOC in one), bad.example (two), the url (one): one line each
      await poll(() => list.getByRole('checkbox').count()).toBe(3);
      expect(await list.textContent()).toContain('3 of 3 chosen');
      expect(await list.getByLabel('ip: 198.51.100.7 (IOC)').isChecked()).toBe(true);
      expect(await list.textContent()).toContain('in 3 of the alerts');
      await list.getByLabel('url: https://login.bad.example/x').uncheck();
      await poll(() => list.textContent()).toContain('2 of 3 chosen');
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByLabel('Case number or id').fill(`#${caseNumber}`);
      await dialog.getByRole('button', { name: 'Merge' }).click();

      const results = page.getByTestId('bulk-results');
      await poll(() => results.getByRole('listitem').count()).toBe(3);
      const lines = await results.getByRole('listitem').allTextContents();
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/✓ Phishing link clicked — merged with 1 observable$/),
          expect.stringMatching(/✓ Mail from a lookalike domain — merged with 2 observables$/),
          expect.stringMatching(/✓ Password reset storm — merged with 2 observables$/),
        ]),
      );
      expect(await axeViolations(page)).toEqual([]);
      await page
        .getByRole('dialog', { name: `Merge into case #${caseNumber}` })
        .getByRole('button', { name: 'Close' })
        .click();

      const observables = await q([{ _name: 'getCase', idOrName: caseId }, { _name: 'observables' }]);
      expect(observables.map((o: { data: string }) => o.data).sort()).toEqual([
        '198.51.100.7',
        'bad.example',
      ]);
      for (const ref of ['sm-2', 'sm-3', 'sm-4'])
        expect((await org.analyst.get(`/api/v1/alert/${ids[ref]}`)).body.caseId).toBe(caseId);
      expect((await org.analyst.get(`/api/v1/alert/${ids['sm-1']}`)).body.caseId).toBeUndefined();
      await poll(() => page.getByTestId('selection-bar').count()).toBe(0);
      expect(s.errors).toEqual([]);
    });
  },
);
