/**
 * The pieces of Cognito's hosted-UI sign-in (OAuth 2.0 authorization code with PKCE, RFC 7636):
 * the verifier and its challenge, the authorize and logout URLs, and reading the redirect back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43–128). */
export const createVerifier = (random: (size: number) => Buffer = randomBytes): string =>
  random(32).toString('base64url');

/** The S256 challenge of a verifier. */
export const challengeOf = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** A fresh `state`, tying the redirect to the request this app made. */
export const createState = (random: (size: number) => Buffer = randomBytes): string =>
  random(16).toString('base64url');

/** `https://<domain>` for a hosted UI domain given with or without its scheme. */
export const hostedUiOrigin = (domain: string): string => {
  const url = new URL(/^[a-z]+:\/\//i.test(domain) ? domain : `https://${domain}`);
  return url.origin;
};

export interface AuthorizeRequest {
  readonly origin: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly challenge: string;
  readonly scopes?: readonly string[];
}

/** The hosted UI's authorize URL, sending the user straight to Google. */
export const authorizeUrl = (request: AuthorizeRequest): string => {
  const url = new URL('/oauth2/authorize', request.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    identity_provider: 'Google',
    scope: (request.scopes ?? ['openid', 'email', 'profile']).join(' '),
  }).toString();
  return url.toString();
};

/** The hosted UI's logout URL, which ends its session and returns to `logoutUri`. */
export const logoutUrl = (origin: string, clientId: string, logoutUri: string): string => {
  const url = new URL('/logout', origin);
  url.search = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString();
  return url.toString();
};

export type CallbackResult =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: string };

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether `url` is the redirect `redirectUri` names (scheme, host, port and path). */
export const isRedirectFor = (url: string, redirectUri: string): boolean => {
  if (!URL.canParse(url)) return false;
  const got = new URL(url);
  const want = new URL(redirectUri);
  return (
    got.protocol === want.protocol &&
    got.host === want.host &&
    got.pathname.replace(/\/$/, '') === want.pathname.replace(/\/$/, '')
  );
};

/** Reads the redirect: the code when it answers our request (`state` matches), else why not. */
export const parseCallback = (url: string, redirectUri: string, state: string): CallbackResult => {
  if (!isRedirectFor(url, redirectUri)) {
    return { ok: false, reason: 'the sign-in answer came to an unexpected address' };
  }
  const params = new URL(url).searchParams;
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    return { ok: false, reason: `sign-in failed: ${description ?? error}` };
  }
  const got = params.get('state');
  if (got === null || !sameText(got, state)) {
    return { ok: false, reason: 'the sign-in answer does not belong to this sign-in (state)' };
  }
  const code = params.get('code');
  if (code === null || code === '') return { ok: false, reason: 'the sign-in answer has no code' };
  return { ok: true, code };
};
