/**
 * Browser: an organisation whose sign-in policy requires a second factor. A member without one signs
 * in with a password, gets the set-up screen instead of the app, adds the secret, confirms a code and
 * lands in the app; the next sign-in asks for a code.
 */
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentTotp } from '../../../server/src/auth/totp.js';
import { createOrganisation } from '../../../server/src/test-support/identity.js';
import {
  axeViolations,
  canRunBrowser,
  keepFailure,
  openSession,
  poll,
  useBrowserHarness,
} from './browser.js';

/** Draws the page's QR code SVG on a canvas in the page and decodes its pixels. */
async function decodeQr(page: Page): Promise<string | undefined> {
  const { data, side } = (await page.evaluate(`(async () => {
    const svg = document.querySelector('[data-testid="qr-code"]');
    const url = URL.createObjectURL(new Blob([svg.outerHTML], { type: 'image/svg+xml' }));
    const image = new Image();
    image.src = url;
    await image.decode();
    const side = 400;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, side, side);
    context.drawImage(image, 0, 0, side, side);
    URL.revokeObjectURL(url);
    return { data: Array.from(context.getImageData(0, 0, side, side).data), side };
  })()`)) as { data: number[]; side: number };
  return jsQR(Uint8ClampedArray.from(data), side, side)?.data;
}

// jsqr is CommonJS: its default export is the module itself here
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as Decode;

describe.skipIf(!canRunBrowser)('second factor required by the sign-in policy', { timeout: 120_000 }, () => {
  const h = useBrowserHarness({
    auth: { policy: { organisations: { guarded: { mfaRequired: true } } } },
  } as never);

  it('shows the set-up instead of the app until a code confirms the secret', async () => {
    const org = await createOrganisation(h.server, 'guarded');
    const s = await openSession(h);
    try {
      const page = s.page;
      await page.goto('/alerts');
      await page.getByLabel('Login').fill(org.logins.analyst);
      await page.getByRole('textbox', { name: 'Password' }).fill('password-1234');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      // a reload (the session's first call refused for want of a second factor) shows it again
      await page.reload();
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      await page.getByRole('button', { name: 'Start' }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{16,}/);
      // the QR code, as drawn by the page, reads back as the otpauth link
      const qr = page.getByRole('img', { name: 'QR code of the authenticator set-up link' });
      await qr.waitFor();
      const link = await page.getByRole('link', { name: 'this link' }).getAttribute('href');
      expect(link).toContain(`secret=${secret}`);
      expect(await decodeQr(page)).toBe(link);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('textbox', { name: 'Code' }).fill('000000');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await poll(() => page.getByRole('alert').textContent()).toContain('code: the TOTP code does not match');
      await page.getByRole('textbox', { name: 'Code' }).fill(currentTotp(secret));
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      await poll(() => page.getByTestId('alert-total').textContent()).toBe('0 alerts');
      // the next sign-in asks for a code
      const again = await fetch(`${h.server.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: org.logins.analyst, password: 'password-1234' }),
      });
      expect(again.status).toBe(401);
      expect(((await again.json()) as { message: string }).message).toContain('A TOTP code is required');
      expect(s.errors.filter((e) => !e.includes('403'))).toEqual([]);
    } catch (error) {
      await keepFailure(s.page, 'mfa-setup');
      throw error;
    } finally {
      await s.context.close();
    }
  });
});
