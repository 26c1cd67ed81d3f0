/**
 * Cloud mode: the Cognito session of the connection file, its refresh token kept by the OS
 * keychain (Electron's safeStorage), and the sign-in redirect taken from the app's scheme or a
 * loopback listener.
 */
import type { SafeStorage } from 'electron';
import type { AppConnection } from './app-connection';
import { cloudAppConnection } from './app-connection';
import type { CloudConnection } from './auth/cloud-session';
import { createCloudSession } from './auth/cloud-session';
import type { RedirectInbox } from './auth/redirects';
import { APP_SCHEME, redirectKind, waitOnLoopback } from './auth/redirects';
import type { Cipher } from './auth/token-vault';
import { openTokenVault } from './auth/token-vault';

/** safeStorage as the vault's cipher; Linux's fixed-key fallback does not count as available. */
export const safeStorageCipher = (safeStorage: SafeStorage, platform: NodeJS.Platform): Cipher => ({
  available: async () =>
    (await safeStorage.isAsyncEncryptionAvailable()) &&
    !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  encrypt: (text) => safeStorage.encryptStringAsync(text),
  decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
});

export interface CloudModeDeps {
  readonly connection: CloudConnection;
  readonly cipher: Cipher;
  /** Where the encrypted refresh token is kept. */
  readonly sessionFile: string;
  readonly inbox: RedirectInbox;
  openExternal(url: string): Promise<void>;
  /** Registers the app as the handler of its scheme (only needed when the redirect uses it). */
  registerScheme(): void;
  /** Signed in or out: the page and subscription follow. */
  changed(): void;
  log(message: string, error?: unknown): void;
}

/** Opens the session, resuming a saved one. */
export const startCloudMode = async (deps: CloudModeDeps): Promise<AppConnection> => {
  if (redirectKind(deps.connection.redirectSignIn) === 'scheme') deps.registerScheme();
  const session = createCloudSession({
    connection: deps.connection,
    vault: openTokenVault(deps.sessionFile, deps.cipher, (message) => deps.log(message)),
    openExternal: (url) => deps.openExternal(url),
    waitForRedirect: (uri, signal) => {
      const kind = redirectKind(uri);
      if (kind === 'scheme') return deps.inbox.wait(uri, signal);
      if (kind === 'loopback') return waitOnLoopback(uri, signal);
      return Promise.reject(
        new Error(`the sign-in redirect ${uri} is neither ${APP_SCHEME}:// nor a loopback address`),
      );
    },
    onChange: () => deps.changed(),
    log: (message) => deps.log(message),
  });
  await session.resume();
  return cloudAppConnection(deps.connection, session);
};
