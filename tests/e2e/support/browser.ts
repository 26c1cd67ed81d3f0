/**
 * Debian's Chromium driven by playwright-core, started with flags that keep it off the network
 * (without them it floods a closed network with background requests).
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium, or the one CHROMIUM_PATH names (e.g. on macOS or Windows). */
export const chromiumPath = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(chromiumPath);

/** Printed when the browser tests are skipped, so a green run does not hide that they did not run. */
export const noChromiumMessage = `e2e: ${chromiumPath} is missing, so the browser tests are skipped. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`;

const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
];

/** A headless Chromium; playwright gives each launch a fresh temporary user-data-dir. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });

/** A page context the size the app is designed for, in a light or dark system theme. */
export const newContext = (
  browser: Browser,
  theme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> =>
  browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: theme,
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'Europe/Dublin',
  });
