/**
 * The cloud session: Google sign-in through Cognito's hosted UI in the system browser, tokens
 * refreshed before they expire, and sign-out. Everything outside (the browser, the redirect, the
 * network, the keychain) is passed in, so the flow runs in tests against a local token endpoint.
 */
import type { Connection, Session } from '../../bridge';
import { expiresSoon, sessionOf, signedOut } from './claims';
import type { CallbackResult } from './pkce';
import {
  authorizeUrl,
  challengeOf,
  createState,
  createVerifier,
  hostedUiOrigin,
  logoutUrl,
  parseCallback,
} from './pkce';
import type { Fetch, Tokens } from './token-endpoint';
import { TokenEndpointError, exchangeCode, refreshTokens, revokeToken } from './token-endpoint';
import type { TokenVault } from './token-vault';

export type CloudConnection = Extract<Connection, { mode: 'cloud' }>;

export interface CloudSessionDeps {
  readonly connection: CloudConnection;
  readonly vault: TokenVault;
  openExternal(url: string): Promise<void>;
  /** Resolves with the URL the hosted UI redirected to. */
  waitForRedirect(redirectUri: string, signal: AbortSignal): Promise<string>;
  readonly fetch?: Fetch;
  readonly now?: () => number;
  /** The hosted UI's origin; derived from the connection unless given (tests). */
  readonly origin?: string;
  /** How long a sign-in may take in the browser. */
  readonly signInTimeoutMs?: number;
  /** Refresh this long before the access token expires. */
  readonly refreshMarginMs?: number;
  onChange?(session: Session): void;
  log?(message: string): void;
}

const callbackOrThrow = (result: CallbackResult): string => {
  if (!result.ok) throw new Error(result.reason);
  return result.code;
};

/** Creates the session of one cloud connection; call `resume` once at start. */
export const createCloudSession = (deps: CloudSessionDeps) => {
  const { connection } = deps;
  const now = deps.now ?? Date.now;
  const margin = deps.refreshMarginMs ?? 120_000;
  const endpoint = {
    origin: deps.origin ?? hostedUiOrigin(connection.hostedUiDomain),
    clientId: connection.userPoolClientId,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    now,
  };
  let tokens: Tokens | null = null;
  let refreshing: Promise<Tokens> | null = null;
  let signingIn: AbortController | null = null;

  const session = (): Session =>
    tokens === null ? signedOut : sessionOf(tokens.accessToken, tokens.idToken);

  // A refresh changes the tokens but not who is signed in: only a change of user is news.
  const adopt = async (next: Tokens | null) => {
    const before = session();
    tokens = next;
    if (next?.refreshToken != null) await deps.vault.save(next.refreshToken);
    const after = session();
    if (before.signedIn !== after.signedIn || before.username !== after.username) {
      deps.onChange?.(after);
    }
  };

  const forget = async () => {
    tokens = null;
    await deps.vault.clear();
    deps.onChange?.(signedOut);
  };

  const refresh = (refreshToken: string): Promise<Tokens> => {
    refreshing ??= refreshTokens(endpoint, refreshToken)
      .then(async (fresh) => {
        await adopt(fresh);
        return fresh;
      })
      .catch(async (error: unknown) => {
        // A refused refresh token will stay refused: the user has to sign in again.
        if (error instanceof TokenEndpointError && error.code === 'invalid_grant') await forget();
        throw error;
      })
      .finally(() => (refreshing = null));
    return refreshing;
  };

  return {
    session,

    /** Signs in with a refresh token kept from an earlier run, when there is one. */
    async resume(): Promise<Session> {
      const saved = await deps.vault.load();
      if (saved === null) return signedOut;
      try {
        await refresh(saved);
      } catch (error) {
        deps.log?.(`the saved session could not be resumed: ${String(error)}`);
      }
      return session();
    },

    /** A valid access token, refreshed when it is about to expire. */
    async accessToken(): Promise<string> {
      const current = tokens;
      if (current === null) throw new Error('not signed in: sign in first');
      if (current.expiresAt - now() > margin && !expiresSoon(current.accessToken, now(), margin)) {
        return current.accessToken;
      }
      if (current.refreshToken === null) {
        await forget();
        throw new Error('the session has ended: sign in again');
      }
      return (await refresh(current.refreshToken)).accessToken;
    },

    /** Opens the hosted UI in the browser and resolves once the redirect brought tokens back. */
    async signIn(): Promise<Session> {
      signingIn?.abort(new Error('a newer sign-in was started'));
      const controller = new AbortController();
      signingIn = controller;
      const timer = setTimeout(
        () => controller.abort(new Error('the sign-in was not completed in time; try again')),
        deps.signInTimeoutMs ?? 5 * 60_000,
      );
      try {
        const verifier = createVerifier();
        const state = createState();
        const redirectUri = connection.redirectSignIn;
        const redirected = deps.waitForRedirect(redirectUri, controller.signal);
        // Awaited below; this only keeps an early failure from counting as unhandled meanwhile.
        redirected.catch(() => undefined);
        await deps.openExternal(
          authorizeUrl({
            origin: endpoint.origin,
            clientId: endpoint.clientId,
            redirectUri,
            state,
            challenge: challengeOf(verifier),
          }),
        );
        const code = callbackOrThrow(parseCallback(await redirected, redirectUri, state));
        await adopt(await exchangeCode(endpoint, { code, redirectUri, verifier }));
        return session();
      } finally {
        clearTimeout(timer);
        if (signingIn === controller) signingIn = null;
      }
    },

    /** Forgets the tokens, revokes the refresh token and ends the hosted UI's session. */
    async signOut(): Promise<void> {
      const refreshToken = tokens?.refreshToken ?? (await deps.vault.load());
      await forget();
      if (refreshToken !== null) {
        await revokeToken(endpoint, refreshToken).catch((error: unknown) =>
          deps.log?.(`revoking the session failed: ${String(error)}`),
        );
      }
      // The hosted UI sends the browser back to the sign-out redirect: take it, so the browser
      // shows a page rather than an error (loopback) and the app is brought forward (scheme).
      deps
        .waitForRedirect(connection.redirectSignOut, AbortSignal.timeout(120_000))
        .catch(() => undefined);
      await deps.openExternal(
        logoutUrl(endpoint.origin, endpoint.clientId, connection.redirectSignOut),
      );
    },
  };
};

export type CloudSession = ReturnType<typeof createCloudSession>;
