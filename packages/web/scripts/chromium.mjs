/**
 * Debian's Chromium for the browser tests, the web benchmark and the screenshots, driven by
 * playwright-core (nothing downloaded): where it is, and how it is started (headless, no sandbox,
 * no GPU, nothing fetched in the background).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** CHROMIUM_PATH, else Debian's Chromium; undefined when there is none. */
export function chromiumPath() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Starts a headless Chromium at `executablePath` (chromiumPath() when not given). */
export function launchChromium(executablePath = chromiumPath()) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}
