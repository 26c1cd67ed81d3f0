/**
 * The desktop app's products screen over 100,000 products in the embedded database, in headless
 * Chromium at 1280×800: how soon the screen is usable after opening, how soon search results
 * follow typing, and how smoothly the table scrolls (frame times from requestAnimationFrame).
 * Seeding is measured apart. Figures are printed beside their targets; slowness never fails.
 */
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt } from '../../../desktop/renderer/build';
import {
  hasChromium,
  launchChromium,
  newContext,
  noChromiumMessage,
} from '../../e2e/support/browser';
import { catalogueApp } from '../../e2e/support/catalogue';
import { installProbes, readyAt, scrollFrames, searchLatency } from '../../e2e/support/probes';

const PRODUCTS = Number(process.env['STOCKMATE_BENCH_PRODUCTS'] ?? 100_000);
const FRAME_MS = 1000 / 60;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const line = (label: string, figure: string, target: string, met: boolean) =>
  console.log(
    `${label.padEnd(44)} ${figure.padEnd(46)} target ${target} ${met ? '(met)' : '(missed)'}`,
  );

const openPage = async (browser: Browser, url: string, hash: string) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await installProbes(page);
  await page.goto(`${url}${hash}`);
  return { page, close: () => context.close() };
};

/** From the sidebar link to rows on screen, the page already open on the dashboard. */
const warmOpen = async (page: Page): Promise<number> => {
  await page.evaluate(() => (location.hash = '#/'));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.state-loading') === null, null, {
    timeout: 60_000,
  });
  const clicked = await page.evaluate(() => {
    if (window.__probe) window.__probe.readyAt = null;
    const at = performance.now();
    document.querySelector<HTMLAnchorElement>('nav a[href="#/products"]')?.click();
    return at;
  });
  return (await readyAt(page)) - clicked;
};

const frameFigures = (label: string, frames: readonly number[], extra: string) => {
  const over = frames.filter((f) => f > FRAME_MS + 0.5).length / frames.length;
  line(
    label,
    `p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(Math.max(...frames))}, ${(over * 100).toFixed(1)}% > 16.7 ms${extra}`,
    'no frame > 16.7 ms',
    over === 0,
  );
};

export default async function desktop(): Promise<void> {
  if (!hasChromium()) {
    console.log(noChromiumMessage.replace('browser tests are', 'desktop benchmarks are'));
    return;
  }
  await ensureRendererBuilt();
  console.log(
    `seeding ${PRODUCTS.toLocaleString('en-US')} products (reused when an earlier run left them)…`,
  );
  const seeded = await catalogueApp(PRODUCTS);
  const { app } = seeded;
  const browser = await launchChromium();
  try {
    const rate = (seeded.products / seeded.seedMs) * 1000;
    console.log(
      `seeding: ${seeded.products.toLocaleString('en-US')} products through the command service in ${(seeded.seedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(rate)}/s, ${seeded.concurrency} concurrent)${seeded.reused ? ' — measured when the reused data folder was made' : ''}`,
    );

    const cold: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { page, close } = await openPage(browser, app.url, '#/products');
      cold.push(await readyAt(page));
      await close();
    }
    line(
      'products screen, page load to first rows',
      `p50 ${ms(percentile(cold, 50))} (${cold.map(ms).join(', ')})`,
      '≤ 1500 ms',
      percentile(cold, 50) <= 1500,
    );

    const { page, close } = await openPage(browser, app.url, '#/');
    try {
      const warm: number[] = [];
      for (let i = 0; i < 5; i += 1) warm.push(await warmOpen(page));
      line(
        'products screen, sidebar click to first rows',
        `p50 ${ms(percentile(warm, 50))}, max ${ms(Math.max(...warm))}`,
        '≤ 1500 ms',
        Math.max(...warm) <= 1500,
      );

      const queries = [
        'FST-004240',
        'Ball valve',
        '5000000029694',
        'stainless',
        'bolt m8, steel',
        'no-such-thing',
      ];
      const latencies: number[] = [];
      for (const query of queries) latencies.push(await searchLatency(page, query));
      line(
        'search, last key to results on screen',
        `p50 ${ms(percentile(latencies, 50))}, max ${ms(Math.max(...latencies))}`,
        '≤ 100 ms',
        Math.max(...latencies) <= 100,
      );
      console.log(`  ${queries.map((q, i) => `"${q}" ${ms(latencies[i] ?? NaN)}`).join(' · ')}`);

      await page.getByLabel('Search products').fill('');
      await page.waitForFunction(() => window.__probe?.results.at(-1)?.query === '');
      const idle = await scrollFrames(page, 0, 120);
      console.log(
        `${'frame clock, table idle'.padEnd(44)} p50 ${ms(percentile(idle.frames, 50))}, max ${ms(Math.max(...idle.frames))}`,
      );
      for (const [px, label] of [
        [72, 'steady (2 rows a frame)'],
        [360, 'fast (10 rows a frame)'],
      ] as const) {
        const run = await scrollFrames(page, px, 600);
        frameFigures(
          `scrolling, ${label}`,
          run.frames,
          `; ${run.rowsScrolled.toLocaleString('en-US')} rows, ${run.placeholderFrames} frames with rows loading`,
        );
      }
    } finally {
      await close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
}
