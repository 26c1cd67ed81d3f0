/**
 * Local mode: the backend process hosted before the window opens, its token handed to the
 * session, and the app following it when a restart moves its endpoint.
 */
import type { AppConnection } from './app-connection';
import { localAppConnection } from './app-connection';
import { createLocalSession } from './auth/local-session';
import type { BackendHost, ChildLike } from './backend/host';
import { createBackendHost } from './backend/host';

export interface LocalModeDeps {
  fork(): ChildLike;
  readonly dataDir: string;
  /** The endpoint moved (a restart took another port): the page and subscription follow. */
  moved(): void;
  /** The host gave up; resolves true when the user wants another try. */
  askRetry(message: string): Promise<boolean>;
  quit(): void;
  log(message: string, error?: unknown): void;
}

/** Starts the backend; rejects with the reason when it cannot start at all. */
export const startLocalMode = async (
  deps: LocalModeDeps,
): Promise<{ readonly connection: AppConnection; readonly host: BackendHost }> => {
  let lastEndpoint: string | null = null;
  const host: BackendHost = createBackendHost({
    fork: () => deps.fork(),
    dataDir: deps.dataDir,
    onReady: (ready) => {
      session.adopt(ready.token);
      const moved = lastEndpoint !== null && lastEndpoint !== ready.endpoint;
      lastEndpoint = ready.endpoint;
      if (moved) deps.moved();
    },
    onFailed: (message) => {
      deps
        .askRetry(message)
        .then(async (retry) => {
          if (!retry) return deps.quit();
          await host.start();
          deps.moved();
        })
        .catch((error: unknown) => deps.log('the database could not be restarted', error));
    },
    log: (message) => deps.log(message),
  });
  const session = createLocalSession({ freshToken: () => host.token() });
  await host.start();
  return { connection: localAppConnection(() => host.current(), session), host };
};
