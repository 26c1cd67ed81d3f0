/**
 * The local session: the embedded backend's owner token, asked for again shortly before it
 * expires (the backend signs tokens with a key only it holds).
 */
import type { Session } from '../../bridge';
import { expiresSoon, sessionOf, signedOut } from './claims';

export interface LocalSessionDeps {
  /** A fresh owner token from the backend process. */
  freshToken(): Promise<string>;
  readonly now?: () => number;
  readonly refreshMarginMs?: number;
}

/** Creates the session of local mode; `adopt` takes the token each backend start hands out. */
export const createLocalSession = (deps: LocalSessionDeps) => {
  const now = deps.now ?? Date.now;
  const margin = deps.refreshMarginMs ?? 10 * 60_000;
  let token: string | null = null;
  let asking: Promise<string> | null = null;

  return {
    adopt(next: string): void {
      token = next;
    },
    session: (): Session => (token === null ? signedOut : sessionOf(token)),
    async accessToken(): Promise<string> {
      if (token !== null && !expiresSoon(token, now(), margin)) return token;
      asking ??= deps
        .freshToken()
        .then((fresh) => (token = fresh))
        .finally(() => (asking = null));
      return asking;
    },
  };
};

export type LocalSession = ReturnType<typeof createLocalSession>;
