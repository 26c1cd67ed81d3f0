/**
 * A stand-in for the `electron` module, so the built main process runs under plain Node: each
 * API the composition root uses records what it was asked (sent to the test over IPC), utility
 * processes are Node children, and the test can call the bridge's IPC handlers and quit the app.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

const report = (event: string, detail?: unknown): void => void process.send?.({ event, detail });

type Listener = (...args: never[]) => unknown;
const appEvents = new EventEmitter();
const paths = new Map<string, string>();
const schemes = new Map<string, (request: Request) => Promise<Response>>();
const ipcHandlers = new Map<string, Listener>();

export const app = {
  setName: (name: string) => report('app.setName', name),
  setPath: (name: string, path: string) => paths.set(name, path),
  getPath: (name: string) => paths.get(name) ?? `/tmp/${name}`,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  on: (event: string, listener: Listener) => appEvents.on(event, listener as never),
  quit: () => {
    let prevented = false;
    appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.exit(0);
  },
  exit: (code: number) => {
    report('app.exit', code);
    setTimeout(() => process.exit(code), 20);
  },
  getVersion: () => '0.1.0',
  setBadgeCount: (count: number) => report('app.setBadgeCount', count),
  relaunch: () => report('app.relaunch'),
  setAsDefaultProtocolClient: () => true,
};

export const protocol = {
  registerSchemesAsPrivileged: (list: unknown) => report('protocol.privileged', list),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
    schemes.set(scheme, handler);
    report('protocol.handle', scheme);
  },
};

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: () => report('session.csp') },
    setPermissionRequestHandler: () => report('session.permissions'),
    setPermissionCheckHandler: () => undefined,
  },
};

class FakeContents extends EventEmitter {
  readonly id = 1;
  setWindowOpenHandler(): void {
    report('contents.windowOpenHandler');
  }
  send(channel: string, ...args: unknown[]): void {
    report('contents.send', { channel, args });
  }
  reload(): void {
    report('contents.reload');
  }
}

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeContents();
  constructor(readonly options: Record<string, unknown>) {
    super();
    report('window.created', options);
    appEvents.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    const handler = schemes.get(new URL(url).protocol.replace(':', ''));
    const response = await handler?.(new Request(url));
    report('window.loaded', {
      url,
      status: response?.status,
      csp: response?.headers.get('content-security-policy'),
      body: await response?.text(),
    });
    this.emit('ready-to-show');
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  isVisible = () => true;
  isMaximized = () => false;
  restore = () => undefined;
  focus = () => undefined;
  show = () => report('window.shown');
  maximize = () => undefined;
  getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
}

export class Tray {
  constructor(image: string) {
    report('tray.image', image);
  }
  setImage = (image: string) => report('tray.image', image);
  setToolTip = (text: string) => report('tray.tooltip', text);
  setTitle = (title: string) => report('tray.title', title);
  setContextMenu = (menu: unknown) => report('tray.menu', menu);
  on = () => undefined;
}

export const Menu = {
  buildFromTemplate: (template: { label?: string; type?: string; checked?: boolean }[]) =>
    template.map(({ label, type, checked }) => ({ label, type, checked })),
  setApplicationMenu: () => undefined,
};

export class Notification {
  static isSupported = () => true;
  constructor(options: unknown) {
    report('notification', options);
  }
  show = () => undefined;
  on = () => undefined;
}

export const dialog = {
  showErrorBox: (title: string, message: string) => report('dialog.error', { title, message }),
  showMessageBox: () => Promise.resolve({ response: 1 }),
  showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
  showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
};

export const ipcMain = {
  handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener),
  on: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener),
};

export const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(false),
  getSelectedStorageBackend: () => 'basic_text',
  encryptStringAsync: () => Promise.reject(new Error('no keychain here')),
  decryptStringAsync: () => Promise.reject(new Error('no keychain here')),
};

const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
export const screen = {
  getAllDisplays: () => [{ workArea }],
  getPrimaryDisplay: () => ({ workArea }),
};

export const shell = { openExternal: (url: string) => Promise.resolve(report('shell.open', url)) };

export const utilityProcess = {
  fork: (modulePath: string, args: string[], options: { serviceName?: string }) => {
    report('utilityProcess.fork', { modulePath, serviceName: options.serviceName });
    const child = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return {
      postMessage: (message: unknown) => void child.send(message as never),
      on: (event: string, listener: (value: unknown) => void) =>
        event === 'exit'
          ? child.on('exit', (code) => listener(code ?? 1))
          : child.on(event, listener),
      kill: () => child.kill(),
    };
  },
};

// The test's side: call a bridge handler as the app's page would, or quit the app.
process.on('message', (raw: { type: string; id?: number; channel?: string; args?: unknown[] }) => {
  if (raw.type === 'quit') return app.quit();
  if (raw.type !== 'invoke') return;
  const handler = ipcHandlers.get(raw.channel ?? '') as
    ((event: unknown, ...args: unknown[]) => unknown) | undefined;
  const event = {
    senderFrame: { url: 'app://stock-mate/index.html', parent: null },
    sender: { id: 1 },
  };
  Promise.resolve()
    .then(() => handler?.(event, ...(raw.args ?? [])))
    .then(
      (value) => report('reply', { id: raw.id, ok: true, value }),
      (error: unknown) => report('reply', { id: raw.id, ok: false, message: String(error) }),
    );
});
