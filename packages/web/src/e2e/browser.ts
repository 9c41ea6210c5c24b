/**
 * End-to-end harness: a real Propolis server (SQLite, or PostgreSQL when DATABASE_URL is set) serving the
 * built UI, and Debian's Chromium driven by playwright-core (nothing downloaded). One browser per file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { ConfigOverrides } from '../../../server/src/config.js';
import { type TestServer, useTestServer } from '../../../server/src/test-support/server.js';
import { chromiumPath, launchChromium } from '../../scripts/chromium.mjs';

export const WEB_DIST = fileURLToPath(new URL('../../dist', import.meta.url));

export const CHROMIUM = chromiumPath();

/**
 * The browser tests run when Chromium and the built UI are there; CI sets PROPOLIS_REQUIRE_BROWSER so a
 * missing one fails instead of skipping.
 */
export const canRunBrowser = Boolean(CHROMIUM && existsSync(path.join(WEB_DIST, 'index.html')));
if (!canRunBrowser && process.env.PROPOLIS_REQUIRE_BROWSER)
  throw new Error(
    `browser tests need Chromium (${CHROMIUM ?? 'not found'}) and the built UI (${WEB_DIST}): run npm run build`,
  );

/** expect.poll with a timeout fit for a browser on a shared machine (the default is one second). */
export function poll<T>(fn: () => Promise<T> | T, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}

/**
 * Whether the element holds the keyboard focus. A dialog moves the focus to its first field a tick after it
 * shows (Mantine's focus trap), so a test that types as soon as the dialog is visible waits for this first.
 */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el.contains(el.ownerDocument.activeElement));
}

export interface Harness {
  server: TestServer;
  browser: Browser;
}

export function useBrowserHarness(overrides: ConfigOverrides = {}): Harness {
  const server = useTestServer({ ...overrides, web: { dir: WEB_DIST } });
  const handle = { server } as Harness;
  beforeAll(async () => {
    handle.browser = await launchChromium(CHROMIUM);
  });
  afterAll(async () => {
    await handle.browser?.close();
  });
  return handle;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Messages of page errors and console errors, to assert none happened. */
  errors: string[];
}

export async function openSession(
  h: Harness,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<Session> {
  const context = await h.browser.newContext({
    baseURL: h.server.url,
    viewport: { width: 1360, height: 820 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // refused calls (401 before signing in, 404 of a deleted alert) are asserted by behaviour, not logs
    if (m.type() === 'error' && !/401|Unauthorized|Failed to load resource/.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(20_000);
  return { context, page, errors };
}

/** On a failed test, keeps a screenshot and the page's text in the temporary folder. */
export async function keepFailure(page: Page | undefined, name: string): Promise<void> {
  if (!page || page.isClosed()) return;
  const file = path.join(tmpdir(), `propolis-e2e-${name.replace(/\W+/g, '-').slice(0, 60)}`);
  await page.screenshot({ path: `${file}.png` }).catch(() => {});
  writeFileSync(
    `${file}.txt`,
    await page
      .locator('body')
      .innerText()
      .catch(() => ''),
  );
}

/** The password of the users of test-support/identity.ts's organisations. */
export const PASSWORD = 'password-1234';

/**
 * Registers the hooks around a describe block's session (`current()` answers it, or undefined before
 * it is opened): after a failed test, a screenshot and the page's text are kept (keepFailure); the
 * session's context is closed after all the tests, or after each with `close: 'each'`.
 */
export function watchSession(current: () => Session | undefined, close: 'all' | 'each' = 'all'): void {
  afterEach(async (ctx) => {
    const s = current();
    if (ctx.task.result?.state === 'fail') await keepFailure(s?.page, ctx.task.name);
    if (close === 'each') await s?.context.close();
  });
  if (close === 'all') afterAll(async () => await current()?.context.close());
}

/**
 * A new session signed in through the login form as `login` (with the fixtures' password unless
 * given), on `path` once signed in; `acceptDialogs` answers every confirm() with OK.
 */
export async function signedIn(
  h: Harness,
  login: string,
  path: string,
  options: { password?: string; colorScheme?: 'light' | 'dark'; acceptDialogs?: boolean } = {},
): Promise<Session> {
  const s = await openSession(h, { colorScheme: options.colorScheme });
  if (options.acceptDialogs) s.page.on('dialog', (d) => void d.accept());
  await signIn(s.page, login, options.password ?? PASSWORD, path);
  return s;
}

export async function signIn(page: Page, login: string, password: string, path = '/alerts'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Login').fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  } catch (error) {
    await page.screenshot({ path: '/tmp/propolis-signin-failure.png' }).catch(() => {});
    throw new Error(
      `not signed in; the page shows: ${(await page.locator('body').innerText()).slice(0, 500)}`,
      {
        cause: error,
      },
    );
  }
}

/** Runs axe-core in the page and answers the serious and critical violations. */
export async function axeViolations(
  page: Page,
  options: { midTransition?: boolean } = {},
): Promise<string[]> {
  const source = await import('node:fs').then((fs) =>
    fs.readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8'),
  );
  // what is fading in or out is checked as it ends up (a notification fading in has partly transparent
  // text, below the contrast minimum for a moment), unless the check is of the transition itself;
  // endless animations (loaders) are not waited for. A transition that starts during the check (a
  // notification closing itself) makes the check run again once it has ended.
  await page.evaluate(source);
  type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
  let result: { violations: Violation[]; moved: boolean } = { violations: [], moved: false };
  for (let attempt = 0; attempt < 3; attempt++) {
    result = (await page.evaluate(
      async ({ wait }) => {
        interface Running {
          effect: { getTiming(): { iterations?: number } } | null;
          finished: Promise<unknown>;
        }
        const g = globalThis as unknown as {
          axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> };
          document: {
            getAnimations(): Running[];
            addEventListener(type: string, f: () => void, capture: boolean): void;
            removeEventListener(type: string, f: () => void, capture: boolean): void;
          };
        };
        const finite = () =>
          g.document
            .getAnimations()
            .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
        let moved = false;
        const mark = () => {
          moved = true;
        };
        const types = ['transitionrun', 'animationstart'];
        for (const type of types) g.document.addEventListener(type, mark, true);
        try {
          if (wait)
            await Promise.race([
              Promise.all(finite().map((a) => a.finished.catch(() => undefined))),
              new Promise((resolve) => setTimeout(resolve, 3000)),
            ]);
          moved = false;
          const run = await g.axe.run(g.document, { resultTypes: ['violations'] });
          return { violations: run.violations, moved: moved || finite().length > 0 };
        } finally {
          for (const type of types) g.document.removeEventListener(type, mark, true);
        }
      },
      { wait: !options.midTransition },
    )) as { violations: Violation[]; moved: boolean };
    if (options.midTransition || !result.moved || result.violations.length === 0) break;
  }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}
