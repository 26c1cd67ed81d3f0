/**
 * The contract between the Electron main process and the renderer: the few named methods the
 * preload exposes as `window.stockmate` (the preload's object `satisfies DesktopApi`). In a plain
 * browser (the fallback when Electron cannot run) there is no bridge; the renderer then reads its
 * connection from the local server that serves it.
 */

/** Where the API is and how to authenticate, for Amplify.configure in the renderer. */
export type Connection =
  | {
      readonly mode: 'local';
      readonly endpoint: string;
      readonly realtimeEndpoint: string;
      readonly tenantId: string;
    }
  | {
      readonly mode: 'cloud';
      readonly endpoint: string;
      readonly region: string;
      readonly userPoolId: string;
      readonly userPoolClientId: string;
      /** Cognito hosted UI domain, e.g. `stockmate-prod.auth.eu-west-1.amazoncognito.com`. */
      readonly hostedUiDomain: string;
      /** The redirect the hosted UI returns to (the app's custom scheme or a loopback URL). */
      readonly redirectSignIn: string;
      readonly redirectSignOut: string;
    };

/** Who is signed in, as the main process knows it. */
export interface Session {
  readonly signedIn: boolean;
  readonly username: string | null;
  readonly tenantId: string | null;
  readonly groups: readonly string[];
}

export interface DesktopApi {
  /** The connection the app was started with. */
  connection(): Promise<Connection>;
  /** A valid access token (refreshed by the main process when it is about to expire). */
  accessToken(): Promise<string>;
  /** The current session. */
  session(): Promise<Session>;
  /** Cloud mode: signs in through the hosted UI in the system browser; resolves when signed in. */
  signIn(): Promise<Session>;
  /** Cloud mode: signs out (tokens forgotten, hosted UI session ended). */
  signOut(): Promise<void>;
  /** Asks main to show a page (tray menu and native notification clicks call the listener). */
  onNavigate(listener: (path: string) => void): () => void;
  /** Local mode: writes a backup of the database to a file the user picks; null if cancelled. */
  backupDatabase(): Promise<{ readonly path: string } | null>;
  /** Local mode: replaces the database with a backup the user picks (the backend restarts); null if cancelled. */
  restoreDatabase(): Promise<{ readonly path: string } | null>;
  /** Pauses or resumes native notifications (the tray menu offers the same). */
  setNotificationsPaused(paused: boolean): Promise<void>;
  /**
   * Restarts the app on this computer's database or on the cloud (the tray menu offers the
   * same). Refused for the cloud until an admin's connection file is in place.
   */
  switchConnection(mode: 'local' | 'cloud'): Promise<void>;
  /** App version and platform, and whether a cloud connection is configured, for the settings screen. */
  about(): Promise<{
    readonly version: string;
    readonly platform: string;
    readonly electron: string;
    readonly cloudConfigured: boolean;
  }>;
}

declare global {
  interface Window {
    /** Present inside the desktop app; absent in a plain browser. */
    readonly stockmate?: DesktopApi;
  }
}
