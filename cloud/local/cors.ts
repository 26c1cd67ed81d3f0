/**
 * CORS for local web clients: the desktop renderer, served from another port on this computer,
 * calls the API from the browser side. Nothing outside loopback gets CORS headers.
 */

const allowedMethods = 'POST, OPTIONS';
const fixedHeaders = new Set(['authorization', 'content-type']);

/** Whether an Origin is a page served over http from 127.0.0.1 or localhost, on any port. */
export const isLocalOrigin = (origin: string | undefined): origin is string => {
  if (origin === undefined || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    url.origin === origin
  );
};

const isAllowedHeader = (name: string): boolean =>
  fixedHeaders.has(name) || name.startsWith('x-amz-');

/** The headers a client may send: the ones it asked for that are allowed (x-amz-* has no wildcard). */
export const allowedRequestHeaders = (requested: string | undefined): string => {
  const asked = (requested ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '' && isAllowedHeader(h));
  return [...new Set([...fixedHeaders, ...asked])].join(', ');
};

/** CORS headers for an actual request from `origin`; none for origins that are not local. */
export const corsHeaders = (origin: string | undefined): Record<string, string> =>
  isLocalOrigin(origin)
    ? {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'x-amzn-requestid, retry-after',
        vary: 'Origin',
      }
    : {};

/** The answer to a preflight: allowed for local origins, refused otherwise. */
export const preflight = (
  origin: string | undefined,
  requestedHeaders: string | undefined,
): { readonly status: number; readonly headers: Record<string, string> } =>
  isLocalOrigin(origin)
    ? {
        status: 204,
        headers: {
          ...corsHeaders(origin),
          'access-control-allow-methods': allowedMethods,
          'access-control-allow-headers': allowedRequestHeaders(requestedHeaders),
          'access-control-max-age': '600',
        },
      }
    : { status: 403, headers: { vary: 'Origin' } };
