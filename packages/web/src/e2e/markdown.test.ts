/**
 * Browser: the markdown editor. An image pasted into a comment and one dropped into a task log are
 * uploaded as case attachments and shown from the API with the session; `@` lists the
 * organisation's users, the keyboard inserts one, and the mention renders as the user's name.
 */
import { describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  poll,
  type Session,
  signedIn,
  useBrowserHarness,
  watchSession,
} from './browser.js';
import { createCase } from './seed.js';

/** A 2×2 red PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAhXgHjGjJnnQAAAABJRU5ErkJggg==';

/** Pastes (or drops) an image file into the labelled text area, as a browser would hand it over. */
async function sendImage(s: Session, label: string, how: 'paste' | 'drop', name: string) {
  const area = s.page.getByLabel(label);
  await area.focus();
  await s.page.evaluate(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(PNG)}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'image/png' }));
    const init = { bubbles: true, cancelable: true };
    document.activeElement.dispatchEvent(
      ${JSON.stringify(how)} === 'paste'
        ? new ClipboardEvent('paste', { ...init, clipboardData: data })
        : new DragEvent('drop', { ...init, dataTransfer: data }),
    );
  })()`);
}

describe.skipIf(!canRunBrowser)('the markdown editor in the browser', { timeout: 120_000 }, () => {
  const h = useBrowserHarness();
  let s: Session | undefined;
  watchSession(() => s, 'each');

  it('uploads pasted and dropped images, and mentions users by name', async () => {
    const org = await createOrganisation(h.server, 'mark');
    const carol = await h.server.admin.post('/api/v1/user', {
      login: 'carol@mark.test',
      name: 'Carol Responder',
      profile: 'analyst',
      organisation: 'mark',
      password: 'password-1234',
    });
    expect(carol.status, carol.text).toBe(201);
    const created = await createCase(org.analyst, { title: 'Screenshots', description: 'd' });
    const caseId: string = created._id;
    s = await signedIn(h, org.logins.analyst, `/cases/${created.number}?tab=comments`);
    const page = s.page;

    // a pasted image becomes a case attachment and a markdown image
    const label = 'New comment (markdown)';
    await sendImage(s, label, 'paste', 'screen one.png');
    await poll(() => page.getByLabel(label).inputValue()).toMatch(
      /^!\[screen one\.png\]\(<\/api\/v1\/attachment\/[^>]+\/download>\)\n$/,
    );
    const attachments = await org.analyst.get(`/api/v1/case/${caseId}/attachments`);
    expect(attachments.body.map((a: { name: string }) => a.name)).toEqual(['screen one.png']);

    // @ opens the organisation's users; typing narrows, arrows move, Enter inserts
    await page.getByLabel(label).press('End');
    await page.getByLabel(label).pressSequentially('Seen by @');
    const list = page.getByRole('listbox', { name: 'Users to mention' });
    await list.waitFor();
    expect(await list.getByRole('option').count()).toBeGreaterThanOrEqual(4);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(label).pressSequentially('resp');
    await poll(() => list.getByRole('option').allTextContents()).toEqual(['Carol Responder carol@mark.test']);
    await page.getByLabel(label).press('Enter');
    await poll(() => page.getByLabel(label).inputValue()).toContain('Seen by @carol@mark.test ');
    expect(await list.count()).toBe(0);
    // Escape closes the list and leaves the text
    await page.getByLabel(label).pressSequentially('and @ana');
    await list.waitFor();
    await page.getByLabel(label).press('Escape');
    expect(await list.count()).toBe(0);
    await page.getByLabel(label).press('Backspace');
    await page.getByLabel(label).press('Backspace');
    await page.getByLabel(label).press('Backspace');
    await page.getByLabel(label).pressSequentially(`${org.logins.analyst} **ok**`);
    await page.getByRole('button', { name: 'Add comment' }).click();

    const comments = page.getByTestId('comment-list');
    await poll(() => comments.locator('.mention').allTextContents()).toEqual([
      '@Carol Responder',
      `@${org.logins.analyst}`,
    ]);
    const image = comments.locator('img[alt="screen one.png"]');
    await poll(() =>
      image.evaluate(
        (img) =>
          (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
          (img as unknown as { naturalWidth: number }).naturalWidth,
      ),
    ).toBe(2);

    // a dropped image in a task log goes to the case too
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByLabel('New task').fill('Collect evidence');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('task-list').getByText('Collect evidence').click();
    await sendImage(s, 'New log (markdown)', 'drop', 'dropped.png');
    await poll(() => page.getByLabel('New log (markdown)').inputValue()).toContain(
      '![dropped.png](</api/v1/',
    );
    await page.getByRole('button', { name: 'Add log' }).click();
    const logImage = page.getByTestId('task-logs').locator('img[alt="dropped.png"]');
    await poll(() =>
      logImage.evaluate(
        (img) =>
          (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
          (img as unknown as { naturalWidth: number }).naturalWidth,
      ),
    ).toBe(2);
    expect(
      (await org.analyst.get(`/api/v1/case/${caseId}/attachments`)).body
        .map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['dropped.png', 'screen one.png']);
    expect(await axeViolations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
