import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../../desktop/bridge';
import type { BridgeHandlers, IpcEventLike, IpcMainLike } from '../../../desktop/main/ipc';
import { registerBridge } from '../../../desktop/main/ipc';
import {
  NAVIGATE_CHANNEL,
  NAVIGATE_READY_CHANNEL,
  bridgeMethods,
  invokeChannels,
} from '../../../desktop/preload/channels';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  invoke: vi.fn((channel: string, ...args: unknown[]) => Promise.resolve({ channel, args })),
  send: vi.fn(),
}));

// The real package would try to download Electron; the preload only needs these two objects.
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: electron.invoke,
    send: electron.send,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      electron.listeners.set(channel, listener),
    removeListener: (channel: string) => electron.listeners.delete(channel),
  },
}));

const { api } = await import('../../../desktop/preload/preload');

describe('the preload', () => {
  it('exposes window.stockmate with exactly the methods of DesktopApi', () => {
    const exposed = electron.exposed.get('stockmate') as DesktopApi;
    expect(exposed).toBe(api);
    expect(Object.keys(exposed).sort()).toEqual([...bridgeMethods].sort());
    expect([...electron.exposed.keys()]).toEqual(['stockmate']);
    for (const method of bridgeMethods) expect(typeof exposed[method]).toBe('function');
  });

  it('invokes one named channel per method, passing only the method’s arguments', async () => {
    await expect(api.connection()).resolves.toEqual({ channel: 'stockmate:connection', args: [] });
    await api.setNotificationsPaused(true);
    expect(electron.invoke).toHaveBeenLastCalledWith('stockmate:set-notifications-paused', true);
    await api.switchConnection('cloud');
    expect(electron.invoke).toHaveBeenLastCalledWith('stockmate:switch-connection', 'cloud');
    for (const method of Object.keys(invokeChannels) as (keyof typeof invokeChannels)[]) {
      if (method === 'setNotificationsPaused' || method === 'switchConnection') continue;
      await (api[method] as () => Promise<unknown>)();
      expect(electron.invoke).toHaveBeenLastCalledWith(invokeChannels[method]);
    }
    expect(new Set(Object.values(invokeChannels)).size).toBe(Object.keys(invokeChannels).length);
  });

  it('delivers navigation paths to the listener (never the IPC event) until unsubscribed', () => {
    const paths: string[] = [];
    const stop = api.onNavigate((path) => paths.push(path));
    expect(electron.send).toHaveBeenCalledWith(NAVIGATE_READY_CHANNEL);
    const relay = electron.listeners.get(NAVIGATE_CHANNEL);
    relay?.({ sender: 'secret' }, '/products/p-1');
    relay?.({}, { not: 'a path' });
    expect(paths).toEqual(['/products/p-1']);
    stop();
    expect(electron.listeners.has(NAVIGATE_CHANNEL)).toBe(false);
  });
});

describe('the main side of the bridge', () => {
  let handlers: Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>;
  let readyCalls: number[];
  const calls: unknown[][] = [];

  const app = (url = 'app://stock-mate/index.html', parent: unknown = null): IpcEventLike => ({
    senderFrame: { url, parent },
    sender: { id: 7 },
  });

  beforeEach(() => {
    handlers = new Map();
    readyCalls = [];
    calls.length = 0;
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => handlers.set(channel, listener),
      on: (channel, listener) => handlers.set(channel, listener),
    };
    const ok =
      (name: string) =>
      (...args: unknown[]) => {
        calls.push([name, ...args]);
        return Promise.resolve(name);
      };
    registerBridge(
      ipcMain,
      {
        connection: ok('connection'),
        accessToken: ok('accessToken'),
        session: ok('session'),
        signIn: ok('signIn'),
        signOut: ok('signOut'),
        backupDatabase: ok('backupDatabase'),
        restoreDatabase: ok('restoreDatabase'),
        setNotificationsPaused: ok('setNotificationsPaused'),
        switchConnection: ok('switchConnection'),
        about: ok('about'),
      } as unknown as BridgeHandlers,
      (event) => readyCalls.push(event.sender.id),
    );
  });

  it('handles exactly the bridge’s channels and nothing generic', () => {
    expect([...handlers.keys()].sort()).toEqual(
      [...Object.values(invokeChannels), NAVIGATE_READY_CHANNEL].sort(),
    );
  });

  it('answers the app’s page and checks each method’s arguments', async () => {
    await expect(handlers.get(invokeChannels.session)?.(app())).resolves.toBe('session');
    await expect(handlers.get(invokeChannels.setNotificationsPaused)?.(app(), false)).resolves.toBe(
      'setNotificationsPaused',
    );
    expect(calls).toEqual([['session'], ['setNotificationsPaused', false]]);
    expect(() => handlers.get(invokeChannels.setNotificationsPaused)?.(app(), 'yes')).toThrow(
      /bad arguments/,
    );
    expect(() => handlers.get(invokeChannels.setNotificationsPaused)?.(app())).toThrow(
      /bad arguments/,
    );
    expect(() => handlers.get(invokeChannels.backupDatabase)?.(app(), '/etc/passwd')).toThrow(
      /bad arguments/,
    );
    expect(() => handlers.get(invokeChannels.switchConnection)?.(app(), 'somewhere')).toThrow(
      /bad arguments/,
    );
    expect(calls).toHaveLength(2);
    await expect(handlers.get(invokeChannels.switchConnection)?.(app(), 'cloud')).resolves.toBe(
      'switchConnection',
    );
    expect(calls.at(-1)).toEqual(['switchConnection', 'cloud']);
  });

  it('refuses calls from other pages and from frames inside the app', () => {
    expect(() => handlers.get(invokeChannels.accessToken)?.(app('https://evil.example/'))).toThrow(
      /only available to Stock-Mate/,
    );
    expect(() => handlers.get(invokeChannels.accessToken)?.(app(undefined, { url: 'x' }))).toThrow(
      /only available/,
    );
    handlers.get(NAVIGATE_READY_CHANNEL)?.(app('https://evil.example/'));
    handlers.get(NAVIGATE_READY_CHANNEL)?.(app());
    expect(readyCalls).toEqual([7]);
    expect(calls).toEqual([]);
  });
});
