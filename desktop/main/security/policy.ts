/**
 * What the renderer may do beyond showing the app: nothing, mostly. It never navigates away from
 * the app, never opens windows, and gets no permissions; a link to an ordinary web page opens in
 * the system browser after a check, and IPC is answered only for the app's own pages.
 */

/** The app's pages are served from this origin by the `app` protocol. */
export const APP_ORIGIN = 'app://stock-mate';

const parse = (url: string): URL | null => (URL.canParse(url) ? new URL(url) : null);

/**
 * Whether `url` is one of the app's own pages. Scheme and host are compared, not `origin`: Node's
 * URL gives every non-web scheme (app:, file:) the same opaque origin "null".
 */
export const isAppUrl = (url: string, appOrigin = APP_ORIGIN): boolean => {
  const got = parse(url);
  const want = new URL(appOrigin);
  return (
    got !== null && got.protocol === want.protocol && got.host === want.host && got.host !== ''
  );
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * Whether a link may open in the system browser: http(s) only, no credentials in it, a real host
 * that is not this computer (the local API is no page to open), and of a sane length.
 */
export const isSafeExternalUrl = (url: string): boolean => {
  if (url.length > 2048) return false;
  const parsed = parse(url);
  if (parsed === null) return false;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname !== '' && !LOOPBACK.test(parsed.hostname);
};

export type NavigationDecision =
  | { readonly action: 'allow' }
  | { readonly action: 'deny' }
  | { readonly action: 'open-external'; readonly url: string };

/** A page load the renderer starts (a link, a form, `location =`): only within the app. */
export const decideNavigation = (url: string, appOrigin = APP_ORIGIN): NavigationDecision => {
  if (isAppUrl(url, appOrigin)) return { action: 'allow' };
  return isSafeExternalUrl(url) ? { action: 'open-external', url } : { action: 'deny' };
};

/** `window.open` and `target=_blank`: never a new window; safe web links go to the browser. */
export const decideWindowOpen = (url: string): NavigationDecision =>
  isSafeExternalUrl(url) ? { action: 'open-external', url } : { action: 'deny' };

/** Permission requests (camera, notifications, geolocation…): all refused. */
export const decidePermission = (_permission: string): boolean => false;

/** Whether an IPC call comes from the app's own top-level page. */
export const isTrustedSender = (
  frameUrl: string | null | undefined,
  isMainFrame: boolean,
  appOrigin = APP_ORIGIN,
): boolean => isMainFrame && frameUrl != null && isAppUrl(frameUrl, appOrigin);
