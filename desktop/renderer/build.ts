/**
 * Builds the renderer when its bundle is missing or older than its sources. The e2e tests, the
 * benchmarks and the app's start script call this so nobody serves a stale bundle.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configFile = fileURLToPath(new URL('vite.config.ts', import.meta.url));
export const rendererOutDir = join(root, 'out', 'desktop', 'renderer');
const builtIndex = join(rendererOutDir, 'index.html');

/** The sources the bundle is made from: the renderer, the bridge types and the shared schemas. */
const sources = ['desktop/renderer', 'desktop/bridge.ts', 'shared', 'cloud/local/websocket-url.ts'];

const newest = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (latest, name) =>
      name === 'node_modules' ? latest : Math.max(latest, newest(join(path, name))),
    stat.mtimeMs,
  );
};

/** Whether out/desktop/renderer is missing or older than any of its sources. */
export const rendererIsStale = (): boolean => {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return sources.some((source) => {
    const path = join(root, source);
    return existsSync(path) && newest(path) > built;
  });
};

/** Builds the renderer with Vite (production mode) into out/desktop/renderer. */
export const buildRenderer = async (): Promise<void> => {
  const { build } = await import('vite');
  // The React plugin picks its JSX transform from NODE_ENV, which a test runner sets to `test`:
  // a development transform against React's production build fails at the first render.
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile, mode: 'production', logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
};

/** Builds only when needed; returns whether it built. */
export const ensureRendererBuilt = async (): Promise<boolean> => {
  if (!rendererIsStale()) return false;
  await buildRenderer();
  return true;
};
