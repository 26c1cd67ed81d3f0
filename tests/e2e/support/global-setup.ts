/** Builds the renderer once before the browser tests when its bundle is missing or stale. */
import { ensureRendererBuilt } from '../../../desktop/renderer/build';
import { hasChromium, noChromiumMessage } from './browser';

export default async function setup(): Promise<void> {
  if (!hasChromium()) {
    console.log(noChromiumMessage);
    return;
  }
  const started = Date.now();
  if (await ensureRendererBuilt()) {
    console.log(`e2e: built the renderer in ${Date.now() - started} ms`);
  }
}
