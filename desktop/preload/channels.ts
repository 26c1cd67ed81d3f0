/**
 * The IPC channel of each bridge method, shared by the preload (which invokes) and the main
 * process (which handles). One channel per method; there is no generic one.
 */
import type { DesktopApi } from '../bridge';

/** Every method of the bridge, checked against DesktopApi below. */
export const bridgeMethods = [
  'connection',
  'accessToken',
  'session',
  'signIn',
  'signOut',
  'onNavigate',
  'backupDatabase',
  'restoreDatabase',
  'setNotificationsPaused',
  'switchConnection',
  'about',
] as const satisfies readonly (keyof DesktopApi)[];

// Compile-time: a method added to DesktopApi but not listed above fails here.
type Unlisted = Exclude<keyof DesktopApi, (typeof bridgeMethods)[number]>;
export const bridgeMethodsAreComplete: [Unlisted] extends [never] ? true : Unlisted = true;

/** The methods the renderer calls and awaits (all but the onNavigate listener). */
export type InvokeMethod = Exclude<keyof DesktopApi, 'onNavigate'>;

export const invokeChannels = {
  connection: 'stockmate:connection',
  accessToken: 'stockmate:access-token',
  session: 'stockmate:session',
  signIn: 'stockmate:sign-in',
  signOut: 'stockmate:sign-out',
  backupDatabase: 'stockmate:backup-database',
  restoreDatabase: 'stockmate:restore-database',
  setNotificationsPaused: 'stockmate:set-notifications-paused',
  switchConnection: 'stockmate:switch-connection',
  about: 'stockmate:about',
} as const satisfies Record<InvokeMethod, string>;

/** Main → renderer: a path to show (tray menu and notification clicks). */
export const NAVIGATE_CHANNEL = 'stockmate:navigate';
/** Renderer → main: a navigate listener is in place, so paths waiting for one can be sent. */
export const NAVIGATE_READY_CHANNEL = 'stockmate:navigate-ready';
