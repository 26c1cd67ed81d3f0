/**
 * The Content-Security-Policy of the renderer: its own code only (no inline script, no eval), and
 * network access to the API it was started with — the local backend's origin, or AppSync's HTTPS
 * and WebSocket endpoints and Cognito.
 */
import type { Connection } from '../../bridge';
import { appSyncRealtimeUrl } from '../realtime/urls';

const originOf = (url: string): string => new URL(url).origin;

/** `ws://` or `wss://` origin of an `http(s)://` or `ws(s)://` URL. */
const socketOrigin = (url: string): string => {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  return `${secure ? 'wss' : 'ws'}://${parsed.host}`;
};

/** The origins the renderer may connect to for a connection (none before one is known). */
export const apiOrigins = (connection: Connection | null): readonly string[] => {
  if (connection === null) return [];
  if (connection.mode === 'local') {
    return [originOf(connection.endpoint), socketOrigin(connection.realtimeEndpoint)];
  }
  const hostedUi = /^[a-z]+:\/\//i.test(connection.hostedUiDomain)
    ? originOf(connection.hostedUiDomain)
    : `https://${connection.hostedUiDomain}`;
  return [
    originOf(connection.endpoint),
    socketOrigin(appSyncRealtimeUrl(connection.endpoint)),
    `https://cognito-idp.${connection.region}.amazonaws.com`,
    hostedUi,
  ];
};

/** The policy as a header value. */
export const contentSecurityPolicy = (connection: Connection | null): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...apiOrigins(connection)].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/** Response headers with the policy set, replacing any the response carried (in any case). */
export const withPolicy = (
  headers: Readonly<Record<string, string | readonly string[]>> | undefined,
  policy: string,
): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = typeof value === 'string' ? [value] : [...value];
  }
  out['Content-Security-Policy'] = [policy];
  return out;
};
