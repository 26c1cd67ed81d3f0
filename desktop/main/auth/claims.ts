/**
 * Reading the claims of tokens the main process obtained itself (from the local backend or
 * Cognito's token endpoint over TLS). The API verifies signatures; the shell only needs to know
 * who is signed in and when a token runs out.
 */
import type { Session } from '../../bridge';

/** The claims a session is made of; absent ones are null or empty. */
export interface TokenClaims {
  readonly sub: string | null;
  readonly username: string | null;
  readonly tenantId: string | null;
  readonly groups: readonly string[];
  /** Expiry in milliseconds since the epoch, or null when the token has none. */
  readonly expiresAt: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** The payload of a JWT, or null when `token` is not one. */
export const decodePayload = (token: string): Record<string, unknown> | null => {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return isRecord(payload) ? payload : null;
  } catch {
    return null;
  }
};

/** The claims of a Cognito-shaped token (access or id); null when it cannot be read. */
export const claimsOf = (token: string): TokenClaims | null => {
  const payload = decodePayload(token);
  if (payload === null) return null;
  const groups = payload['cognito:groups'];
  const exp = payload['exp'];
  return {
    sub: text(payload['sub']),
    username:
      text(payload['username']) ?? text(payload['cognito:username']) ?? text(payload['email']),
    tenantId: text(payload['custom:tenant_id']),
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    expiresAt: typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null,
  };
};

/** Whether a token expires within `marginMs` of `now` (or cannot be read at all). */
export const expiresSoon = (token: string, now: number, marginMs: number): boolean => {
  const expiresAt = claimsOf(token)?.expiresAt ?? null;
  return expiresAt === null || expiresAt - now <= marginMs;
};

export const signedOut: Session = { signedIn: false, username: null, tenantId: null, groups: [] };

/** The session a set of tokens stands for (the id token fills claims the access token lacks). */
export const sessionOf = (accessToken: string, idToken: string | null = null): Session => {
  const access = claimsOf(accessToken);
  if (access === null) return signedOut;
  const id = idToken === null ? null : claimsOf(idToken);
  return {
    signedIn: true,
    username: access.username ?? id?.username ?? null,
    tenantId: access.tenantId ?? id?.tenantId ?? null,
    groups: access.groups.length > 0 ? access.groups : (id?.groups ?? []),
  };
};
