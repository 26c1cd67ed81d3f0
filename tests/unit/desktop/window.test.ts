import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../desktop/main/static-files';
import { appProtocolHandler } from '../../../desktop/main/window/app-protocol';
import { secureWebPreferences } from '../../../desktop/main/window/main-window';
import type { Rect, WindowState } from '../../../desktop/main/window/window-state';
import { DEFAULT_SIZE, restoreWindowState } from '../../../desktop/main/window/window-state';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 876 };
const monitor: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };
const saved = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });

describe('restoring the window’s place', () => {
  it('keeps bounds that are on a display as they were', () => {
    const state = saved({ x: 1600, y: 0, width: 1400, height: 900 }, true);
    expect(restoreWindowState(state, [laptop, monitor], laptop)).toEqual(state);
  });

  it('centres the default size on the primary display the first time', () => {
    expect(restoreWindowState(null, [laptop], laptop)).toEqual({
      bounds: { x: 80, y: 38, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height },
      maximized: false,
    });
  });

  it('moves a window from a display that is gone onto the primary one, keeping its size', () => {
    const state = restoreWindowState(
      saved({ x: 2000, y: 100, width: 1200, height: 800 }),
      [laptop],
      laptop,
    );
    expect(state.bounds).toEqual({ x: 120, y: 38, width: 1200, height: 800 });
  });

  it('shrinks and pulls back a window that hangs off the edge of its display', () => {
    const state = restoreWindowState(
      saved({ x: 1200, y: 500, width: 2000, height: 1000 }),
      [laptop],
      laptop,
    );
    expect(state.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 876 });
  });

  it('treats a sliver on screen as lost, and malformed bounds as none', () => {
    const sliver = restoreWindowState(
      saved({ x: 1400, y: 100, width: 1280, height: 800 }),
      [laptop],
      laptop,
    );
    expect(sliver.bounds.x).toBe(80);
    const broken = restoreWindowState(
      saved({ x: NaN, y: 0, width: -5, height: 800 }),
      [laptop],
      laptop,
    );
    expect(broken.bounds.width).toBe(DEFAULT_SIZE.width);
  });

  it('picks the display a window overlaps most', () => {
    const state = restoreWindowState(
      saved({ x: 1000, y: 100, width: 1600, height: 800 }),
      [laptop, monitor],
      laptop,
    );
    expect(state.bounds.x).toBeGreaterThanOrEqual(monitor.x);
  });
});

describe('the renderer’s preferences', () => {
  it('isolate the page: sandbox, context isolation, no Node, web security', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('serving the renderer’s files', () => {
  const root = mkdtempSync(join(tmpdir(), 'stockmate-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Stock-Mate</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps paths inside the folder and app routes to index.html, and refuses climbing out', () => {
    expect(resolveStaticPath(root, '/assets/app.js?v=1')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'app.js'),
    });
    expect(resolveStaticPath(root, '/products/123')).toEqual({
      kind: 'file',
      path: join(root, 'index.html'),
    });
    for (const bad of ['/../secret.txt', '/assets/%2e%2e/%2e%2e/x.js', '/a%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, bad).kind).toBe('forbidden');
    }
  });

  it('answers app:// requests with the file, its type and the policy; others with 404', async () => {
    const handle = appProtocolHandler(root, () => "default-src 'none'");
    const page = await handle(new Request('app://stock-mate/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await page.text()).toContain('<title>Stock-Mate</title>');
    const script = await handle(new Request('app://stock-mate/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle(new Request('app://stock-mate/assets/none.js'))).status).toBe(404);
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://stock-mate/', { method: 'POST' }))).status).toBe(404);
  });
});
