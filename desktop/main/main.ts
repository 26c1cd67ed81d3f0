/**
 * The composition root of the main process, and the only module that imports Electron: it pins
 * the per-user folder, keeps a single instance, starts the backend (local) or the session (cloud)
 * before the window, and wires window, tray, notifications and the bridge together.
 */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import type { AppConnection } from './app-connection';
import { APP_SCHEME, createRedirectInbox, schemeUrlIn } from './auth/redirects';
import { createBackground } from './background';
import { backupHandlers } from './backup';
import type { BackendHost } from './backend/host';
import { safeStorageCipher, startCloudMode } from './cloud-mode';
import { chooseMode, modeFromArgv, readConnectionFile } from './connection-file';
import { createDialogs } from './dialogs';
import { registerBridge } from './ipc';
import { startLocalMode } from './local-mode';
import { bundlePaths, desktopPaths, userDataDir } from './paths';
import { openPreferences } from './preferences';
import { contentSecurityPolicy } from './security/csp';
import { hardenContents, hardenSession } from './security/harden';
import { APP_ORIGIN, isSafeExternalUrl } from './security/policy';
import { menuTemplate } from './tray/menu';
import {
  APP_SCHEME as PAGE_SCHEME,
  appProtocolHandler,
  appSchemePrivileges,
} from './window/app-protocol';
import { createMainWindow } from './window/main-window';

const log = (message: string, error?: unknown): void => {
  if (error === undefined) return console.error(message);
  const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
  console.error(`${message}: ${detail}`);
};

const bundle = bundlePaths(dirname(fileURLToPath(import.meta.url)));
const paths = desktopPaths(userDataDir(process.platform, process.env, homedir()), process.env);
// Before ready: the folder decides where Chromium and the app keep everything.
app.setName('Stock-Mate');
app.setPath('userData', paths.userData);
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
const inbox = createRedirectInbox();
const dialogs = createDialogs(dialog);
let showWindow: (() => void) | null = null;

const openExternal = (url: string): void => {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => log('a link could not be opened', error));
};

// Unpackaged, Electron runs the app as an argument: the OS must start it the same way.
const registerScheme = (): void => {
  const script = process.argv[1];
  const ok =
    process.defaultApp && script !== undefined
      ? app.setAsDefaultProtocolClient(APP_SCHEME, process.execPath, [resolve(script)])
      : app.setAsDefaultProtocolClient(APP_SCHEME);
  if (!ok) log(`the ${APP_SCHEME}:// scheme could not be registered; sign-in cannot come back`);
};

const start = async (): Promise<void> => {
  const prefs = await openPreferences(paths.preferences, log);
  const file = await readConnectionFile(paths.connectionFile);
  const choice = chooseMode(
    modeFromArgv(process.argv),
    prefs.get().mode,
    file,
    paths.connectionFile,
  );
  // Set once the window and background exist: a moved backend reloads the page; a sign-in or
  // sign-out only restarts what listens for notifications.
  let follow = (): void => undefined;
  let sessionChanged = (): void => undefined;

  let host: BackendHost | null = null;
  let connection: AppConnection;
  if (choice.mode === 'local') {
    if (choice.notice !== null) log(choice.notice);
    try {
      const local = await startLocalMode({
        fork: () =>
          utilityProcess.fork(bundle.backend, [], {
            serviceName: 'Stock-Mate database',
            stdio: 'inherit',
          }),
        dataDir: paths.data,
        moved: () => follow(),
        askRetry: (message) => dialogs.askRetry(message),
        quit: () => app.quit(),
        log,
      });
      ({ connection, host } = local);
    } catch (error) {
      dialogs.fatal('Stock-Mate could not start its database', error);
      return app.exit(1);
    }
  } else {
    connection = await startCloudMode({
      connection: choice.connection,
      cipher: safeStorageCipher(safeStorage, process.platform),
      sessionFile: paths.session,
      inbox,
      openExternal: (url) => shell.openExternal(url),
      registerScheme,
      changed: () => sessionChanged(),
      log,
    });
  }

  const policy = () => contentSecurityPolicy(connection.connection());
  hardenSession(session.defaultSession, policy);
  protocol.handle(PAGE_SCHEME, appProtocolHandler(bundle.renderer, policy));
  const macMenu = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }] as const;
  Menu.setApplicationMenu(
    process.platform === 'darwin' ? Menu.buildFromTemplate([...macMenu]) : null,
  );

  // Every web contents, the window's and any other, gets the navigation and window-open policy.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));
  const windows = createMainWindow({
    create: (options) => new BrowserWindow(options),
    displays: () => ({
      workAreas: screen.getAllDisplays().map((d) => d.workArea),
      primary: screen.getPrimaryDisplay().workArea,
    }),
    prefs,
    preload: bundle.preload,
    icon: join(bundle.assets, 'icons', '512x512.png'),
    url: `${APP_ORIGIN}/`,
    log,
  });
  showWindow = () => void windows.show();

  const cloudConfigured = () => file.kind === 'ok';
  // The chosen mode is remembered, and the app starts again in it (a --mode flag no longer applies).
  const switchConnection = async (mode: 'local' | 'cloud') => {
    if (mode === 'cloud' && !cloudConfigured()) {
      throw new Error('no cloud connection is configured: an admin runs npm run cloud:config');
    }
    await prefs.update({ mode });
    app.relaunch({ args: process.argv.slice(1).filter((a) => !a.startsWith('--mode=')) });
    app.quit();
  };

  const { tray, notifier, watcher, setPaused } = createBackground({
    connection,
    prefs,
    assets: bundle.assets,
    platform: process.platform,
    createTray: (icon) => new Tray(icon),
    buildMenu: (entries, run) => Menu.buildFromTemplate(menuTemplate(entries, run)),
    createNotification: (content) =>
      Notification.isSupported() ? new Notification(content) : null,
    setBadgeCount: (count) => void app.setBadgeCount(count),
    cloudAvailable: cloudConfigured,
    show: () => void windows.show(),
    navigate: (path) => windows.navigate(path),
    switchMode: (mode) => void switchConnection(mode),
    quit: () => app.quit(),
    log,
  });
  sessionChanged = () => {
    watcher.start();
    tray.render();
  };
  follow = () => {
    windows.reload();
    sessionChanged();
  };

  const current = connection;
  registerBridge(
    ipcMain,
    {
      connection: () => {
        const now = current.connection();
        return now === null
          ? Promise.reject(new Error('the database is not running'))
          : Promise.resolve(now);
      },
      accessToken: () => current.accessToken(),
      session: () => Promise.resolve(current.session()),
      signIn: () => current.signIn(),
      signOut: () => current.signOut(),
      ...backupHandlers({
        mode: current.mode,
        host,
        dataDir: paths.data,
        documents: app.getPath('documents'),
        ...dialogs,
        restored: () => follow(),
      }),
      setNotificationsPaused: (paused) => setPaused(paused),
      switchConnection,
      about: () =>
        Promise.resolve({
          version: app.getVersion(),
          platform: process.platform,
          electron: process.versions.electron ?? '',
          cloudConfigured: cloudConfigured(),
        }),
    },
    (event) => windows.listening(event.sender.id),
  );

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    watcher.stop();
    notifier.dispose();
    // The backend finishes its writes first (the host bounds how long that may take).
    (host?.stop() ?? Promise.resolve())
      .catch((error: unknown) => log('the database did not stop cleanly', error))
      .finally(() => app.exit(0));
  });
  // Closing the window keeps the app in the tray, where notifications still arrive.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => void windows.show());

  windows.show();
  watcher.start();
  console.log(`Stock-Mate is running (${connection.mode} mode)`);
};

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const url = schemeUrlIn(argv);
    if (url !== null && !inbox.deliver(url))
      log(`ignored ${APP_SCHEME}:// link: no sign-in waits for it`);
    showWindow?.();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.deliver(url);
    showWindow?.();
  });
  process.on('unhandledRejection', (reason) => log('unhandled rejection', reason));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('Stock-Mate could not start', error);
      dialogs.fatal('Stock-Mate could not start', error);
      app.exit(1);
    });
}
