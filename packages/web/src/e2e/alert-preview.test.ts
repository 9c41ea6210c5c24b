/**
 * Browser: the alert preview's collaboration — a technique and a comment (an XSS payload staying
 * inert) on the alert; its similar case, and a merge into it bringing only the observables chosen;
 * both come along into the case; axe-core on the preview and the merge dialog.
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
import { attackBundle, createCase, postAlert, XSS } from './seed.js';

const BUNDLE = attackBundle([['T1566', 'Phishing', 'initial-access']]);

describe.skipIf(!canRunBrowser)('the alert preview in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let s: Session;
  let caseId: string;
  let caseNumber: number;
  let alertId: string;
  const q = async (steps: unknown[]) => (await org.analyst.post('/api/v1/query', { query: steps })).body;

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'preview');
    expect((await h.server.admin.post('/api/v1/pattern/import/attack', BUNDLE)).status).toBe(200);
    const kase = await createCase(org.analyst, { title: 'Phishing wave', description: 'd' });
    caseId = kase._id;
    caseNumber = kase.number;
    expect(
      (await org.analyst.post(`/api/v1/case/${caseId}/observable`, { dataType: 'ip', data: '203.0.113.5' }))
        .status,
    ).toBe(201);
    const alert = await postAlert(org.analyst, {
      type: 'mail',
      source: 'e2e',
      sourceRef: 'preview-1',
      title: 'Reported phishing mail',
      description: 'A user reported it',
      observables: [
        { dataType: 'ip', data: '203.0.113.5' },
        { dataType: 'ip', data: '203.0.113.77' },
        { dataType: 'domain', data: 'bad.example' },
      ],
    });
    alertId = alert._id;
    s = await signedIn(h, org.logins.analyst, '/alerts', { acceptDialogs: true });
  });
  watchSession(() => s);

  it('adds a technique and a comment to the alert; the comment stays inert', async () => {
    const page = s.page;
    await poll(() => page.getByTestId('alert-total').textContent()).toBe('1 alert');
    await page.getByRole('grid', { name: 'Alerts' }).getByText('Reported phishing mail').click();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Alert preview' });
    await poll(() => preview.getByRole('heading', { level: 2 }).textContent()).toBe('Reported phishing mail');

    await preview.getByRole('button', { name: 'Add a technique…' }).click();
    await preview.getByLabel('Technique (ATT&CK id or name)').fill('phish');
    const match = preview
      .getByRole('group', { name: 'Matching techniques' })
      .getByRole('button', { name: /T1566/ });
    await match.focus();
    await page.keyboard.press('Enter');
    await preview.getByRole('button', { name: 'Add technique' }).click();
    await poll(() => preview.getByTestId('alert-ttps').textContent()).toContain('Phishing');
    expect(
      (await q([{ _name: 'getAlert', idOrName: alertId }, { _name: 'procedures' }])).map(
        (p: { patternId: string }) => p.patternId,
      ),
    ).toEqual(['T1566']);

    await preview.getByLabel('New comment on the alert (markdown)').fill(`Seen before **twice**\n\n${XSS}`);
    // by keyboard: the "Technique added" notice may sit over the button, at the foot of the preview
    await preview.getByRole('button', { name: 'Add comment' }).focus();
    await page.keyboard.press('Enter');
    const comments = preview.getByTestId('alert-comments');
    await poll(() => comments.locator('strong').textContent()).toBe('twice');
    expect(await comments.locator('img[onerror]').count()).toBe(0);
    expect(await comments.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('merges the alert into its similar case with the observables chosen', async () => {
    const page = s.page;
    const preview = page.getByRole('region', { name: 'Alert preview' });
    const similar = preview.getByTestId('similar-cases');
    await poll(() => similar.textContent()).toContain('Phishing wave');
    expect(await similar.textContent()).toContain('1/1 observables');
    await similar.getByRole('button', { name: `Merge into #${caseNumber}…` }).click();

    const dialog = page.getByRole('dialog', { name: `Merge into case #${caseNumber}` });
    const list = dialog.getByTestId('merge-observables');
    await poll(() => list.getByRole('checkbox').count()).toBe(3);
    await list.getByLabel('ip: 203.0.113.77').uncheck();
    await poll(() => list.textContent()).toContain('2 of 3 chosen');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await poll(() => dialog.isVisible()).toBe(false);

    const observables = await q([{ _name: 'getCase', idOrName: caseId }, { _name: 'observables' }]);
    expect(observables.map((o: { data: string }) => o.data).sort()).toEqual(['203.0.113.5', 'bad.example']);
    const alert = (await org.analyst.get(`/api/v1/alert/${alertId}`)).body;
    expect(alert.status).toBe('Imported');
    expect(alert.caseId).toBe(caseId);
    // the alert's technique and comment came along
    const procedures = await q([{ _name: 'getCase', idOrName: caseId }, { _name: 'procedures' }]);
    expect(procedures.map((p: { patternId: string }) => p.patternId)).toEqual(['T1566']);
    const caseComments = await q([{ _name: 'getCase', idOrName: caseId }, { _name: 'comments' }]);
    expect(caseComments.map((c: { message: string }) => c.message).join()).toContain('Seen before');
    // the preview follows: the alert is in the case, no longer similar to it
    await poll(() => preview.textContent()).toContain('In case');
    await poll(() => preview.textContent()).toContain('No similar case.');
    expect(s.errors).toEqual([]);
  });
});
