import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudConnection } from '../../../desktop/main/auth/cloud-session';
import { createCloudSession } from '../../../desktop/main/auth/cloud-session';
import { createRedirectInbox } from '../../../desktop/main/auth/redirects';
import type { TokenVault } from '../../../desktop/main/auth/token-vault';
import { startCognito } from './cognito-server';

const CLIENT = 'desktop-client';
const REDIRECT = 'stockmate://auth/callback';

const memoryVault = (): TokenVault & { saved: string | null } => {
  const vault = {
    saved: null as string | null,
    load: () => Promise.resolve(vault.saved),
    save: (token: string) => Promise.resolve(void (vault.saved = token)),
    clear: () => Promise.resolve(void (vault.saved = null)),
    persistent: () => Promise.resolve(true),
  };
  return vault;
};

describe('the cloud session', () => {
  let cognito: Awaited<ReturnType<typeof startCognito>>;
  beforeAll(async () => (cognito = await startCognito({ clientId: CLIENT, expiresIn: 60 })));
  afterAll(() => cognito.close());

  const connection: CloudConnection = {
    mode: 'cloud',
    endpoint: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_abc',
    userPoolClientId: CLIENT,
    hostedUiDomain: 'stockmate.auth.eu-west-1.amazoncognito.com',
    redirectSignIn: REDIRECT,
    redirectSignOut: 'stockmate://auth/signout',
  };

  /** The system browser: the hosted UI signs in and redirects to the app's scheme. */
  const browser =
    (inbox: ReturnType<typeof createRedirectInbox>, opened: string[], tamper = false) =>
    (url: string) => {
      opened.push(url);
      if (new URL(url).pathname === '/oauth2/authorize') {
        const redirect = cognito.authorize(url);
        setTimeout(
          () => inbox.deliver(tamper ? redirect.replace(/state=[^&]+/, 'state=forged') : redirect),
          5,
        );
      }
      return Promise.resolve();
    };

  const session = (
    inbox: ReturnType<typeof createRedirectInbox>,
    opened: string[],
    vault = memoryVault(),
    tamper = false,
  ) =>
    createCloudSession({
      connection,
      vault,
      origin: cognito.origin,
      openExternal: browser(inbox, opened, tamper),
      waitForRedirect: (uri, signal) => inbox.wait(uri, signal),
      refreshMarginMs: 30_000,
    });

  it('signs in through the browser and the app’s scheme, and keeps the refresh token', async () => {
    const inbox = createRedirectInbox();
    const opened: string[] = [];
    const vault = memoryVault();
    const s = session(inbox, opened, vault);
    expect(s.session().signedIn).toBe(false);
    await expect(s.accessToken()).rejects.toThrow(/sign in/);
    const signedIn = await s.signIn();
    expect(signedIn).toEqual({
      signedIn: true,
      username: 'google_123',
      tenantId: 't-9',
      groups: ['manager'],
    });
    expect(opened[0]).toMatch(/identity_provider=Google/);
    expect(vault.saved).toMatch(/^refresh-/);
  });

  it('refuses a redirect whose state was tampered with', async () => {
    const inbox = createRedirectInbox();
    const s = session(inbox, [], memoryVault(), true);
    await expect(s.signIn()).rejects.toThrow(/state/);
    expect(s.session().signedIn).toBe(false);
  });

  it('refreshes a token that is about to expire, and resumes from the saved refresh token', async () => {
    const inbox = createRedirectInbox();
    const vault = memoryVault();
    const s = session(inbox, [], vault);
    await s.signIn();
    const before = cognito.requests.length;
    // The tokens last 60 s and the margin is 30 s: still fresh now.
    const token = await s.accessToken();
    expect(cognito.requests.length).toBe(before);
    expect(token.split('.')).toHaveLength(3);

    const later = createCloudSession({
      connection,
      vault,
      origin: cognito.origin,
      openExternal: () => Promise.resolve(),
      waitForRedirect: () => new Promise<string>(() => undefined),
      refreshMarginMs: 120_000,
    });
    expect((await later.resume()).signedIn).toBe(true);
    await later.accessToken();
    expect(cognito.requests.at(-1)?.form['grant_type']).toBe('refresh_token');
  });

  it('ends the session when the refresh token is refused', async () => {
    const inbox = createRedirectInbox();
    const vault = memoryVault();
    const changes: boolean[] = [];
    const s = createCloudSession({
      connection,
      vault,
      origin: cognito.origin,
      openExternal: browser(inbox, []),
      waitForRedirect: (uri, signal) => inbox.wait(uri, signal),
      refreshMarginMs: 120_000,
      onChange: (next) => changes.push(next.signedIn),
    });
    await s.signIn();
    cognito.forgetRefreshTokens();
    await expect(s.accessToken()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(s.session().signedIn).toBe(false);
    expect(vault.saved).toBeNull();
    expect(changes).toEqual([true, false]);
  });

  it('signs out: forgets the tokens, revokes the refresh token and opens the hosted UI’s logout', async () => {
    const inbox = createRedirectInbox();
    const opened: string[] = [];
    const vault = memoryVault();
    const s = session(inbox, opened, vault);
    await s.signIn();
    const refresh = vault.saved;
    await s.signOut();
    expect(s.session().signedIn).toBe(false);
    expect(vault.saved).toBeNull();
    expect(cognito.revoked).toContain(refresh);
    expect(opened.at(-1)).toBe(
      `${cognito.origin}/logout?client_id=${CLIENT}&logout_uri=stockmate%3A%2F%2Fauth%2Fsignout`,
    );
  });

  it('gives up a sign-in the user never finishes', async () => {
    const s = createCloudSession({
      connection,
      vault: memoryVault(),
      origin: cognito.origin,
      openExternal: () => Promise.resolve(),
      waitForRedirect: (uri, signal) => createRedirectInbox().wait(uri, signal),
      signInTimeoutMs: 20,
    });
    await expect(s.signIn()).rejects.toThrow(/not completed in time/);
  });
});
