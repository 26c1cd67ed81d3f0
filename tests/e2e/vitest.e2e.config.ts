/**
 * The browser tier: Playwright (playwright-core) with Debian's Chromium against the built
 * renderer and a real embedded backend. Run alone with
 * `npx vitest run --config tests/e2e/vitest.e2e.config.ts`, or as the `e2e` project of `npm test`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file runs a backend and a browser; one at a time keeps timings honest.
    fileParallelism: false,
  },
});
