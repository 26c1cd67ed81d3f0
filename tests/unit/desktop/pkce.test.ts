import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  challengeOf,
  createState,
  createVerifier,
  hostedUiOrigin,
  logoutUrl,
  parseCallback,
} from '../../../desktop/main/auth/pkce';
import { redirectKind, schemeUrlIn } from '../../../desktop/main/auth/redirects';
import {
  TokenEndpointError,
  exchangeCode,
  refreshTokens,
} from '../../../desktop/main/auth/token-endpoint';
import { startCognito } from './cognito-server';

const CLIENT = 'desktop-client';
const REDIRECT = 'stockmate://auth/callback';

describe('PKCE pieces', () => {
  it('derive the S256 challenge of RFC 7636’s example verifier', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('make verifiers of 43 unreserved characters and distinct states', () => {
    const verifier = createVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(verifier);
    expect(createState()).not.toBe(createState());
  });

  it('build the authorize URL that goes straight to Google with the challenge', () => {
    const url = new URL(
      authorizeUrl({
        origin: hostedUiOrigin('stockmate.auth.eu-west-1.amazoncognito.com'),
        clientId: CLIENT,
        redirectUri: REDIRECT,
        state: 'st',
        challenge: 'ch',
      }),
    );
    expect(url.origin + url.pathname).toBe(
      'https://stockmate.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      identity_provider: 'Google',
      scope: 'openid email profile',
    });
    expect(logoutUrl('https://d.example', CLIENT, 'stockmate://auth/signout')).toBe(
      'https://d.example/logout?client_id=desktop-client&logout_uri=stockmate%3A%2F%2Fauth%2Fsignout',
    );
  });

  it('accept a callback only for the expected redirect and state', () => {
    expect(parseCallback(`${REDIRECT}?code=abc&state=s1`, REDIRECT, 's1')).toEqual({
      ok: true,
      code: 'abc',
    });
    const wrongState = parseCallback(`${REDIRECT}?code=abc&state=s2`, REDIRECT, 's1');
    expect(wrongState.ok ? '' : wrongState.reason).toMatch(/state/);
    expect(parseCallback(`${REDIRECT}?code=abc`, REDIRECT, 's1')).toMatchObject({ ok: false });
    expect(
      parseCallback('stockmate://elsewhere/callback?code=a&state=s1', REDIRECT, 's1'),
    ).toMatchObject({
      ok: false,
    });
    expect(
      parseCallback(
        `${REDIRECT}?error=access_denied&error_description=User+cancelled&state=s1`,
        REDIRECT,
        's1',
      ),
    ).toEqual({ ok: false, reason: 'sign-in failed: User cancelled' });
    expect(parseCallback(`${REDIRECT}?state=s1`, REDIRECT, 's1')).toMatchObject({ ok: false });
  });

  it('tell the scheme, loopback and unusable redirects apart, and find the URL in argv', () => {
    expect(redirectKind(REDIRECT)).toBe('scheme');
    expect(redirectKind('http://127.0.0.1:53682/callback')).toBe('loopback');
    expect(redirectKind('http://localhost/callback')).toBe('unsupported');
    expect(redirectKind('https://example.com/cb')).toBe('unsupported');
    expect(schemeUrlIn(['/opt/Stock-Mate/stock-mate', '--flag', `${REDIRECT}?code=1`])).toBe(
      `${REDIRECT}?code=1`,
    );
    expect(schemeUrlIn(['/opt/Stock-Mate/stock-mate'])).toBeNull();
  });
});

describe('the token endpoint, against a local server in Cognito’s format', () => {
  let cognito: Awaited<ReturnType<typeof startCognito>>;
  beforeAll(async () => (cognito = await startCognito({ clientId: CLIENT })));
  afterAll(() => cognito.close());

  it('exchanges a code with its verifier for tokens, sent as a form', async () => {
    const verifier = createVerifier();
    const callback = cognito.authorize(
      authorizeUrl({
        origin: cognito.origin,
        clientId: CLIENT,
        redirectUri: REDIRECT,
        state: 's',
        challenge: challengeOf(verifier),
      }),
    );
    const code = new URL(callback).searchParams.get('code') ?? '';
    const tokens = await exchangeCode(
      { origin: cognito.origin, clientId: CLIENT, now: () => 1_000 },
      { code, redirectUri: REDIRECT, verifier },
    );
    expect(tokens.expiresAt).toBe(1_000 + 3_600_000);
    expect(tokens.refreshToken).toMatch(/^refresh-/);
    expect(cognito.requests.at(-1)).toMatchObject({
      path: '/oauth2/token',
      type: 'application/x-www-form-urlencoded',
      form: {
        grant_type: 'authorization_code',
        client_id: CLIENT,
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      },
    });
  });

  it('refuses a code presented with the wrong verifier (invalid_grant)', async () => {
    const callback = cognito.authorize(
      authorizeUrl({
        origin: cognito.origin,
        clientId: CLIENT,
        redirectUri: REDIRECT,
        state: 's',
        challenge: challengeOf(createVerifier()),
      }),
    );
    const code = new URL(callback).searchParams.get('code') ?? '';
    const attempt = exchangeCode(
      { origin: cognito.origin, clientId: CLIENT },
      { code, redirectUri: REDIRECT, verifier: createVerifier() },
    );
    await expect(attempt).rejects.toBeInstanceOf(TokenEndpointError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_grant', status: 400 });
  });

  it('refreshes, keeping the refresh token Cognito does not send again', async () => {
    const verifier = createVerifier();
    const callback = cognito.authorize(
      authorizeUrl({
        origin: cognito.origin,
        clientId: CLIENT,
        redirectUri: REDIRECT,
        state: 's',
        challenge: challengeOf(verifier),
      }),
    );
    const first = await exchangeCode(
      { origin: cognito.origin, clientId: CLIENT },
      { code: new URL(callback).searchParams.get('code') ?? '', redirectUri: REDIRECT, verifier },
    );
    const refreshed = await refreshTokens(
      { origin: cognito.origin, clientId: CLIENT },
      first.refreshToken ?? '',
    );
    expect(refreshed.refreshToken).toBe(first.refreshToken);
    expect(cognito.requests.at(-1)?.form).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: first.refreshToken,
    });
    await expect(
      refreshTokens({ origin: cognito.origin, clientId: CLIENT }, 'forged'),
    ).rejects.toMatchObject({
      code: 'invalid_grant',
    });
  });
});
