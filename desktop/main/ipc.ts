/**
 * The main side of the bridge: one `ipcMain.handle` per method of DesktopApi, each refusing calls
 * that do not come from the app's own page or that carry arguments the method does not take.
 */
import type { DesktopApi } from '../bridge';
import type { InvokeMethod } from '../preload/channels';
import { NAVIGATE_READY_CHANNEL, invokeChannels } from '../preload/channels';
import { isTrustedSender } from './security/policy';

/** What main does for each method, with the method's own parameters and result. */
export type BridgeHandlers = {
  readonly [K in InvokeMethod]: (...args: Parameters<DesktopApi[K]>) => ReturnType<DesktopApi[K]>;
};

/** The sender of an IPC call, as far as the check needs it. */
export interface IpcEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
  readonly sender: { readonly id: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

/** Argument checks per method: what each accepts, exactly. */
const argumentsOf: { readonly [K in InvokeMethod]: (args: readonly unknown[]) => boolean } = {
  connection: (args) => args.length === 0,
  accessToken: (args) => args.length === 0,
  session: (args) => args.length === 0,
  signIn: (args) => args.length === 0,
  signOut: (args) => args.length === 0,
  backupDatabase: (args) => args.length === 0,
  restoreDatabase: (args) => args.length === 0,
  setNotificationsPaused: (args) => args.length === 1 && typeof args[0] === 'boolean',
  switchConnection: (args) => args.length === 1 && (args[0] === 'local' || args[0] === 'cloud'),
  about: (args) => args.length === 0,
};

const trusted = (event: IpcEventLike, appOrigin?: string): boolean =>
  isTrustedSender(event.senderFrame?.url, event.senderFrame?.parent == null, appOrigin);

const call = <K extends InvokeMethod>(
  handlers: BridgeHandlers,
  method: K,
  args: readonly unknown[],
) => (handlers[method] as (...a: readonly unknown[]) => unknown)(...args);

/** Registers the bridge; `onNavigateReady` runs when the page starts listening for paths. */
export const registerBridge = (
  ipcMain: IpcMainLike,
  handlers: BridgeHandlers,
  onNavigateReady: (event: IpcEventLike) => void,
  appOrigin?: string,
): void => {
  for (const method of Object.keys(invokeChannels) as InvokeMethod[]) {
    ipcMain.handle(invokeChannels[method], (event, ...args) => {
      if (!trusted(event, appOrigin)) {
        throw new Error(`${method} is only available to Stock-Mate's own pages`);
      }
      if (!argumentsOf[method](args)) throw new Error(`${method} was called with bad arguments`);
      return call(handlers, method, args);
    });
  }
  ipcMain.on(NAVIGATE_READY_CHANNEL, (event) => {
    if (trusted(event, appOrigin)) onNavigateReady(event);
  });
};
