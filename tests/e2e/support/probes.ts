/**
 * Measurements taken inside the page, where the user sees them: when the product table first
 * shows rows, when each search's results are on screen, the time of the last key press, and the
 * frame times while the table scrolls. Times are `performance.now()` (ms since navigation).
 */
import type { Page } from 'playwright-core';

export interface Probe {
  readyAt: number | null;
  lastKeyAt: number | null;
  results: { query: string; at: number }[];
}

declare global {
  interface Window {
    __probe?: Probe;
  }
}

/**
 * Installed before the app's own scripts; stamps moments on the next frame (when they paint).
 * Plain JavaScript in a string: a function would be rewritten by the TypeScript loader with
 * helpers that do not exist in the page.
 */
const probeScript = `(() => {
  const probe = { readyAt: null, lastKeyAt: null, results: [] };
  window.__probe = probe;
  addEventListener('keydown', () => { probe.lastKeyAt = performance.now(); }, true);
  let shownFor = null;
  new MutationObserver(() => {
    const table = document.querySelector('.ptable');
    if (table === null) return;
    const rows = table.querySelector('.ptable-body .ptable-row:not(.placeholder)') !== null;
    const empty = table.getAttribute('aria-rowcount') === '1';
    if (table.getAttribute('data-ready') !== 'true' || !(rows || empty)) return;
    if (probe.readyAt === null) {
      requestAnimationFrame(() => { if (probe.readyAt === null) probe.readyAt = performance.now(); });
    }
    const query = table.getAttribute('data-results-for') || '';
    if (query !== shownFor) {
      shownFor = query;
      requestAnimationFrame(() => probe.results.push({ query, at: performance.now() }));
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-ready', 'data-results-for', 'aria-rowcount'],
  });
})();`;

export const installProbes = async (page: Page): Promise<void> => {
  await page.addInitScript(probeScript);
};

/** Waits for the product table's first rows; returns when they painted. */
export const readyAt = async (page: Page): Promise<number> => {
  await page.waitForFunction(() => window.__probe?.readyAt != null, null, { timeout: 60_000 });
  return page.evaluate(() => window.__probe?.readyAt ?? NaN);
};

/** Types `query` into the search box like a person (80 ms a key); ms from last key to results. */
export const searchLatency = async (page: Page, query: string): Promise<number> => {
  const box = page.getByLabel('Search products');
  await box.fill('');
  await page.waitForFunction(() => window.__probe?.results.at(-1)?.query === '', null, {
    timeout: 30_000,
  });
  await box.pressSequentially(query, { delay: 80 });
  await page.waitForFunction(
    (q) => window.__probe?.results.some((r) => r.query === q) === true,
    query,
    { timeout: 30_000 },
  );
  return page.evaluate((q) => {
    const probe = window.__probe;
    const shown = probe?.results.find((r) => r.query === q)?.at ?? NaN;
    return shown - (probe?.lastKeyAt ?? NaN);
  }, query);
};

export interface FrameRun {
  readonly frames: number[];
  /** Frames that showed rows still loading. */
  readonly placeholderFrames: number;
  readonly rowsScrolled: number;
}

/** Scrolls the product table by `px` every frame for `count` frames; the time of every frame. */
export const scrollFrames = (page: Page, px: number, count: number): Promise<FrameRun> =>
  page.evaluate<FrameRun>(`new Promise((resolve) => {
    const step = ${JSON.stringify(px)};
    const total = ${JSON.stringify(count)};
    const body = document.querySelector('.ptable-body');
    const frames = [];
    let placeholderFrames = 0;
    let last = null;
    const start = body.scrollTop;
    const frame = (t) => {
      if (last !== null) frames.push(t - last);
      last = t;
      if (body.querySelector('.placeholder') !== null) placeholderFrames += 1;
      if (frames.length >= total) {
        resolve({ frames, placeholderFrames, rowsScrolled: Math.round((body.scrollTop - start) / 36) });
        return;
      }
      if (step > 0) body.scrollTop += step;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`);
