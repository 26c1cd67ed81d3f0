/**
 * Cognito's OAuth 2.0 endpoints for a public client (no secret, as a desktop app must be):
 * exchanging the authorization code for tokens, refreshing them, and revoking the refresh token.
 */
import { z } from 'zod';

/** Tokens from the token endpoint, with the access token's expiry as a time. */
export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string | null;
  readonly refreshToken: string | null;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  id_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string(),
  expires_in: z.number().positive(),
});

const errorResponse = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

/** An answer of the token endpoint that is not tokens; `code` is its OAuth error. */
export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const post = async (fetcher: Fetch, url: string, form: Record<string, string>) =>
  fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(30_000),
  });

const readTokens = async (response: Response, now: number): Promise<Tokens> => {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorResponse.safeParse(body);
    const code = error.success ? error.data.error : 'http_error';
    const detail = error.success
      ? (error.data.error_description ?? code)
      : `HTTP ${response.status}`;
    throw new TokenEndpointError(`the sign-in service refused: ${detail}`, code, response.status);
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) {
    throw new TokenEndpointError(
      'the sign-in service sent an unreadable answer',
      'bad_response',
      200,
    );
  }
  return {
    accessToken: parsed.data.access_token,
    idToken: parsed.data.id_token ?? null,
    refreshToken: parsed.data.refresh_token ?? null,
    expiresAt: now + parsed.data.expires_in * 1000,
  };
};

export interface EndpointOptions {
  /** `https://<hosted UI domain>` (a loopback origin in tests). */
  readonly origin: string;
  readonly clientId: string;
  readonly fetch?: Fetch;
  readonly now?: () => number;
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export const exchangeCode = async (
  options: EndpointOptions,
  grant: { readonly code: string; readonly redirectUri: string; readonly verifier: string },
): Promise<Tokens> => {
  const response = await post(
    options.fetch ?? fetch,
    new URL('/oauth2/token', options.origin).href,
    {
      grant_type: 'authorization_code',
      client_id: options.clientId,
      code: grant.code,
      redirect_uri: grant.redirectUri,
      code_verifier: grant.verifier,
    },
  );
  return readTokens(response, (options.now ?? Date.now)());
};

/** New tokens from a refresh token; Cognito keeps the refresh token unless it rotates it. */
export const refreshTokens = async (
  options: EndpointOptions,
  refreshToken: string,
): Promise<Tokens> => {
  const response = await post(
    options.fetch ?? fetch,
    new URL('/oauth2/token', options.origin).href,
    {
      grant_type: 'refresh_token',
      client_id: options.clientId,
      refresh_token: refreshToken,
    },
  );
  const tokens = await readTokens(response, (options.now ?? Date.now)());
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
};

/** Revokes a refresh token (and the tokens issued from it). */
export const revokeToken = async (
  options: EndpointOptions,
  refreshToken: string,
): Promise<void> => {
  const response = await post(
    options.fetch ?? fetch,
    new URL('/oauth2/revoke', options.origin).href,
    {
      token: refreshToken,
      client_id: options.clientId,
    },
  );
  if (!response.ok) {
    throw new TokenEndpointError(
      `revoking the session failed (HTTP ${response.status})`,
      'revoke',
      response.status,
    );
  }
};
