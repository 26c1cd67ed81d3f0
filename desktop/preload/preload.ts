/**
 * The preload: exposes the bridge's named methods as `window.stockmate`, each one IPC call on its
 * own channel. Runs sandboxed (bundled to one CommonJS file that only requires `electron`).
 */
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { Connection, DesktopApi, Session } from '../bridge';
import { NAVIGATE_CHANNEL, NAVIGATE_READY_CHANNEL, invokeChannels } from './channels';

type Backup = { readonly path: string } | null;
type About = Awaited<ReturnType<DesktopApi['about']>>;

export const api = {
  connection: () => ipcRenderer.invoke(invokeChannels.connection) as Promise<Connection>,
  accessToken: () => ipcRenderer.invoke(invokeChannels.accessToken) as Promise<string>,
  session: () => ipcRenderer.invoke(invokeChannels.session) as Promise<Session>,
  signIn: () => ipcRenderer.invoke(invokeChannels.signIn) as Promise<Session>,
  signOut: () => ipcRenderer.invoke(invokeChannels.signOut) as Promise<void>,
  onNavigate: (listener: (path: string) => void) => {
    // The renderer's listener never sees the IPC event (it carries the sender object).
    const relay = (_event: IpcRendererEvent, path: unknown) => {
      if (typeof path === 'string') listener(path);
    };
    ipcRenderer.on(NAVIGATE_CHANNEL, relay);
    ipcRenderer.send(NAVIGATE_READY_CHANNEL);
    return () => {
      ipcRenderer.removeListener(NAVIGATE_CHANNEL, relay);
    };
  },
  backupDatabase: () => ipcRenderer.invoke(invokeChannels.backupDatabase) as Promise<Backup>,
  restoreDatabase: () => ipcRenderer.invoke(invokeChannels.restoreDatabase) as Promise<Backup>,
  setNotificationsPaused: (paused: boolean) =>
    ipcRenderer.invoke(invokeChannels.setNotificationsPaused, paused) as Promise<void>,
  switchConnection: (mode: 'local' | 'cloud') =>
    ipcRenderer.invoke(invokeChannels.switchConnection, mode) as Promise<void>,
  about: () => ipcRenderer.invoke(invokeChannels.about) as Promise<About>,
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('stockmate', api);
