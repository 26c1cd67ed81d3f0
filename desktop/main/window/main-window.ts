/**
 * The one app window: created with the secure preferences, placed where it was last (checked
 * against today's displays), its place saved as it moves, and paths from the tray or a
 * notification delivered once the page listens for them. Closing it leaves the app in the tray.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { NAVIGATE_CHANNEL } from '../../preload/channels';
import type { PreferencesStore } from '../preferences';
import type { Rect, WindowState } from './window-state';
import { MIN_SIZE, restoreWindowState } from './window-state';

/** The renderer's isolation: no Node, sandboxed, its own JS world, web security on. */
export const secureWebPreferences = (preload: string) =>
  ({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  }) as const satisfies BrowserWindowConstructorOptions['webPreferences'];

export interface MainWindowDeps {
  create(options: BrowserWindowConstructorOptions): BrowserWindow;
  displays(): { readonly workAreas: readonly Rect[]; readonly primary: Rect };
  readonly prefs: PreferencesStore;
  readonly preload: string;
  readonly icon: string;
  /** The page to load (`app://stock-mate/`). */
  readonly url: string;
  log(message: string, error?: unknown): void;
}

/** Creates the window controller; no window exists until `show`. */
export const createMainWindow = (deps: MainWindowDeps) => {
  let window: BrowserWindow | null = null;
  let listening = false;
  let pending: string | null = null;
  let saveTimer: NodeJS.Timeout | null = null;

  const save = (win: BrowserWindow) => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    void deps.prefs.update({ window: state });
  };
  const saveSoon = (win: BrowserWindow) => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => save(win), 500);
  };

  const create = (): BrowserWindow => {
    const { workAreas, primary } = deps.displays();
    const state = restoreWindowState(deps.prefs.get().window, workAreas, primary);
    const win = deps.create({
      ...state.bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'Stock-Mate',
      icon: deps.icon,
      backgroundColor: '#1f2937',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(deps.preload),
    });
    listening = false;
    win.once('ready-to-show', () => {
      if (state.maximized) win.maximize();
      win.show();
    });
    win.on('resize', () => saveSoon(win));
    win.on('move', () => saveSoon(win));
    win.on('maximize', () => saveSoon(win));
    win.on('unmaximize', () => saveSoon(win));
    win.on('close', () => save(win));
    win.on('closed', () => {
      if (window === win) window = null;
      listening = false;
    });
    // A reload starts a new page: it listens again before it gets paths.
    win.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) listening = false;
    });
    win.loadURL(deps.url).catch((error: unknown) => deps.log('the window could not load', error));
    return win;
  };

  const deliver = () => {
    if (window === null || !listening || pending === null) return;
    window.webContents.send(NAVIGATE_CHANNEL, pending);
    pending = null;
  };

  return {
    /** Shows the window, creating it when closed, and brings it to the front. */
    show(): BrowserWindow {
      window ??= create();
      if (window.isMinimized()) window.restore();
      if (window.isVisible()) window.focus();
      return window;
    },
    /** Shows the window at `path` (sent once the page listens). */
    navigate(path: string): void {
      pending = path;
      this.show();
      deliver();
    },
    /** The page of `contentsId` listens for paths now. */
    listening(contentsId: number): void {
      if (window?.webContents.id !== contentsId) return;
      listening = true;
      deliver();
    },
    reload(): void {
      window?.webContents.reload();
    },
    current: (): BrowserWindow | null => window,
  };
};

export type MainWindow = ReturnType<typeof createMainWindow>;
