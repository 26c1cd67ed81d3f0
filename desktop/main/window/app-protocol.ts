/**
 * The `app://stock-mate/` protocol: the renderer's built files served from the app's folder, with
 * the security policy on every answer. A standard, secure scheme gives the page a real origin
 * ('self' in the policy), unlike file://.
 */
import { readStatic, resolveStaticPath } from '../static-files';
import { isAppUrl } from '../security/policy';

export const APP_SCHEME = 'app';

/** The privileges the scheme is registered with (before the app is ready). */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** A handler for `protocol.handle`: files under `root`, the app's index for its routes. */
export const appProtocolHandler =
  (root: string, policy: () => string) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers = {
      'content-security-policy': policy(),
      'x-content-type-options': 'nosniff',
    };
    if (!isAppUrl(request.url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found', { status: 404, headers });
    }
    const file = await readStatic(resolveStaticPath(root, url.pathname));
    if (file === null) return new Response('Not found', { status: 404, headers });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { ...headers, 'content-type': file.type, 'cache-control': 'no-cache' },
    });
  };
