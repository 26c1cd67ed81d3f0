/**
 * Applies the security policy to Electron's session and each window's contents. The Electron
 * objects come in as small interfaces, so tests drive these with fakes.
 */
import { withPolicy } from './csp';
import { decideNavigation, decidePermission, decideWindowOpen } from './policy';

interface HeadersDetails {
  readonly responseHeaders?: Record<string, string[]>;
}

/** The part of Electron's Session the policy configures. */
export interface SessionLike {
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Sets the CSP on every response and refuses every permission. `policy` is read per response. */
export const hardenSession = (session: SessionLike, policy: () => string): void => {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withPolicy(details.responseHeaders, policy()) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(decidePermission(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
};

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the policy configures. */
export interface ContentsLike {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: PreventableEvent, ...rest: unknown[]) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Keeps a window on the app: navigation away and new windows denied, safe links to the browser. */
export const hardenContents = (
  contents: ContentsLike,
  openExternal: (url: string) => void,
  appOrigin?: string,
): void => {
  const guard = (event: PreventableEvent, url: string) => {
    const decision = decideNavigation(url, appOrigin);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-external') openExternal(decision.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.action === 'open-external') openExternal(decision.url);
    return { action: 'deny' };
  });
};
