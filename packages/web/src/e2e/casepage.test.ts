/**
 * Browser: the case page's collaboration tabs — comments (markdown, edited, deleted), pages, TTPs from
 * the imported ATT&CK patterns, the timeline with a custom event, attachments (upload, download),
 * the organisation's case statuses, similar cases, sharing — with axe-core on each tab.
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
import { attackBundle, createCase, XSS } from './seed.js';

const BUNDLE = attackBundle([
  ['T1566', 'Phishing', 'initial-access'],
  ['T1059', 'Command and Scripting Interpreter', 'execution'],
]);

describe.skipIf(!canRunBrowser)('the case page tabs in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let org: OrgFixture;
  let partner: OrgFixture;
  let s: Session;
  let caseNumber: number;
  const api = () => org.analyst;
  const q = async (steps: unknown[]) => (await api().post('/api/v1/query', { query: steps })).body;
  const tab = (name: string) => s.page.getByRole('tab', { name, exact: true }).click();

  beforeAll(async () => {
    org = await createOrganisation(h.server, 'casetabs');
    partner = await createOrganisation(h.server, 'partner');
    expect(
      (await h.server.admin.put(`/api/v1/organisation/${org.name}/link/${partner.name}`, {})).status,
    ).toBe(204);
    expect((await h.server.admin.post('/api/v1/pattern/import/attack', BUNDLE)).status).toBe(200);
    const created = await createCase(api(), {
      title: 'Ransomware on a file server',
      description: 'x',
    });
    caseNumber = created.number;
    // a second case sharing an observable: it is similar
    const other = await api().post('/api/v1/case', { title: 'Earlier intrusion', description: 'y' });
    for (const n of [caseNumber, other.body.number])
      expect(
        (await api().post(`/api/v1/case/${n}/observable`, { dataType: 'ip', data: '198.51.100.9' })).status,
      ).toBe(201);
    s = await signedIn(h, org.logins.analyst, `/cases/${caseNumber}`, { acceptDialogs: true });
  });
  watchSession(() => s);

  it('adds a markdown comment (inert payloads), edits it (marked edited) and deletes it', async () => {
    const page = s.page;
    await tab('Comments');
    await page.getByLabel('New comment (markdown)').fill(`Looks **bad**\n\n${XSS}`);
    await page.getByRole('button', { name: 'Add comment' }).click();
    const list = page.getByTestId('comment-list');
    await poll(() => list.locator('strong').first().textContent()).toBe('bad');
    expect(await list.locator('img, script, [onerror], a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await axeViolations(page)).toEqual([]);

    await list.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Edit comment').fill('Looks *contained*');
    await page.getByLabel('Edit comment').press('Control+Enter');
    await poll(() => list.locator('em').first().textContent()).toBe('contained');
    await poll(() => list.textContent()).toContain('edited');
    const stored = await q([{ _name: 'getCase', idOrName: String(caseNumber) }, { _name: 'comments' }]);
    expect(stored.map((c: { message: string; isEdited: boolean }) => [c.message, c.isEdited])).toEqual([
      ['Looks *contained*', true],
    ]);

    await list.getByRole('button', { name: 'Delete' }).click();
    await poll(() => list.textContent()).toContain('No comment yet.');
  });

  it('writes a case page with a preview, then edits it', async () => {
    const page = s.page;
    await tab('Pages');
    await page.getByRole('button', { name: 'New page' }).click();
    await page.getByLabel('Page title').fill('Containment plan');
    await page.getByLabel('Page content (markdown)').fill('## Steps\n\n- isolate the **server**');
    await page.getByRole('checkbox', { name: 'Preview' }).check();
    await poll(() =>
      page
        .getByRole('region', { name: /preview/ })
        .locator('strong')
        .textContent(),
    ).toBe('server');
    await page.getByRole('button', { name: 'Save page' }).click();
    const view = page.getByTestId('page-view');
    await poll(() => view.locator('h2').first().textContent()).toBe('Containment plan');
    await poll(() => view.locator('li').textContent()).toBe('isolate the server');
    await page.getByRole('button', { name: 'Edit page' }).click();
    await page.getByLabel('Page title').fill('Containment plan v2');
    await page.getByRole('button', { name: 'Save page' }).click();
    await poll(() => page.getByTestId('page-list').textContent()).toContain('Containment plan v2');
    const pages = (await api().get(`/api/v1/case/${caseNumber}/page`)).body;
    expect(pages.map((p: { title: string; content: string }) => [p.title, p.content])).toEqual([
      ['Containment plan v2', '## Steps\n\n- isolate the **server**'],
    ]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('adds a technique found by name, listed under its tactic, and shown on the timeline', async () => {
    const page = s.page;
    await tab('TTPs');
    await page.getByLabel('Technique (ATT&CK id or name)').fill('phish');
    const match = page
      .getByRole('group', { name: 'Matching techniques' })
      .getByRole('button', { name: /T1566/ });
    await match.focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Procedure description').fill('a mail with a link');
    await page.getByRole('button', { name: 'Add technique' }).click();
    const section = page.getByRole('region', { name: 'Tactic Initial Access' });
    await poll(() => section.textContent()).toContain('Phishing');
    const stored = await q([{ _name: 'getCase', idOrName: String(caseNumber) }, { _name: 'procedures' }]);
    expect(
      stored.map((p: { patternId: string; description: string }) => [p.patternId, p.description]),
    ).toEqual([['T1566', 'a mail with a link']]);
    expect(await axeViolations(page)).toEqual([]);

    await tab('Timeline');
    await page.getByLabel('Event title').fill('Server isolated');
    await page.getByRole('button', { name: 'Add event' }).click();
    // the write's outcome as the user is told it, before the list (says which of the two failed)
    const told = page.locator('.mantine-Notification-root').filter({ hasText: /Event added|Not saved/ });
    await poll(() => told.allTextContents()).toEqual([expect.stringContaining('Event added')]);
    const timeline = page.getByTestId('timeline');
    await poll(() => timeline.textContent()).toContain('Server isolated');
    expect(await timeline.textContent()).toContain('ProcedureOccurred');
    expect(await timeline.textContent()).toContain('CaseCreated');
    const events = (await api().get(`/api/v1/case/${caseNumber}/timeline`)).body.events;
    expect(
      events
        .filter((e: { kind: string }) => e.kind === 'CustomEvent')
        .map((e: { details: { title: string } }) => e.details.title),
    ).toEqual(['Server isolated']);
    // checked once the notification has closed itself (2 s): a check that met its closing fade
    // found its fading text below the contrast minimum (CI, 2026-12-07)
    await poll(() => told.count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('uploads a file, lists it and downloads the same bytes', async () => {
    const page = s.page;
    await tab('Attachments');
    await page.locator('input[type=file]').setInputFiles({
      name: 'ransom-note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('pay 1 BTC'),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const table = page.getByTestId('attachment-table');
    const link = table.getByRole('link', { name: 'ransom-note.txt' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect((await res.body()).toString()).toBe('pay 1 BTC');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sets a custom status of the organisation', async () => {
    const made = await org.orgAdmin.post('/api/v1/caseStatus', { value: 'Escalated', stage: 'InProgress' });
    expect(made.status, made.text).toBe(201);
    const page = s.page;
    await page.reload();
    await tab('General');
    await poll(async () =>
      (await page.getByLabel('Status').locator('option').allTextContents()).join(),
    ).toContain('Escalated');
    await page.getByLabel('Status').selectOption('Escalated');
    await poll(async () => (await api().get(`/api/v1/case/${caseNumber}`)).body.status).toBe('Escalated');
  });

  it('lists the similar case and shares the case with a linked organisation, then stops', async () => {
    const page = s.page;
    await tab('Similar');
    await poll(() => page.getByTestId('similar-cases').textContent()).toContain('Earlier intrusion');
    expect(await axeViolations(page)).toEqual([]);

    await tab('Sharing');
    await page.getByLabel('Share with').selectOption(partner.name);
    await page.getByLabel('Sharing profile').selectOption('read-only');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const table = page.getByTestId('share-table');
    await poll(() => table.textContent()).toContain(partner.name);
    expect(
      (await partner.analyst.get(`/api/v1/case/${(await api().get(`/api/v1/case/${caseNumber}`)).body._id}`))
        .status,
    ).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Unshare ${partner.name}` }).click();
    await poll(async () =>
      (await api().get(`/api/v1/case/${caseNumber}/shares`)).body.map(
        (x: { organisationName: string }) => x.organisationName,
      ),
    ).not.toContain(partner.name);
    expect(s.errors).toEqual([]);
  });

  it('moves between pages and tabs without adding a stylesheet (each restyles the whole page), and follows an observable link by keyboard', async () => {
    const page = s.page;
    await page.evaluate(`window.__sheets = 0;
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of [...r.addedNodes, ...r.removedNodes]) if (n.nodeName === 'STYLE') window.__sheets++;
      }).observe(document.head, { childList: true })`);
    await tab('Observables');
    const link = page.getByTestId('observable-table').getByRole('link', { name: '198.51.100.9' });
    await link.waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await page.getByTestId('case-total').waitFor();
    await page.goBack();
    await link.waitFor();
    await tab('General');
    await tab('Observables');
    expect(await page.evaluate('window.__sheets')).toBe(0);

    // the table's one click handler follows its links inside the app, Enter included
    await page.evaluate('window.__sameDocument = true');
    await link.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('198.51.100.9');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(s.errors).toEqual([]);
  });
});
