import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../desktop/bridge';
import { apiOrigins, contentSecurityPolicy, withPolicy } from '../../../desktop/main/security/csp';
import type { ContentsLike, SessionLike } from '../../../desktop/main/security/harden';
import { hardenContents, hardenSession } from '../../../desktop/main/security/harden';
import {
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isSafeExternalUrl,
  isTrustedSender,
} from '../../../desktop/main/security/policy';

const local: Connection = {
  mode: 'local',
  endpoint: 'http://127.0.0.1:4321/graphql',
  realtimeEndpoint: 'ws://127.0.0.1:4321/graphql/realtime',
  tenantId: 'local',
};

const cloud: Connection = {
  mode: 'cloud',
  endpoint: 'https://abc123.appsync-api.eu-west-1.amazonaws.com/graphql',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_X',
  userPoolClientId: 'client',
  hostedUiDomain: 'stockmate.auth.eu-west-1.amazoncognito.com',
  redirectSignIn: 'stockmate://auth/callback',
  redirectSignOut: 'stockmate://auth/signout',
};

const directives = (policy: string) =>
  new Map(
    policy.split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values] as const;
    }),
  );

describe('the Content-Security-Policy', () => {
  it('allows only the app’s own scripts: no inline script, no eval', () => {
    const csp = directives(contentSecurityPolicy(local));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy(local)).not.toMatch(/unsafe-(eval|inline)|wasm-unsafe/);
  });

  it('lets a local renderer reach only the local backend’s HTTP and WebSocket origin', () => {
    expect(directives(contentSecurityPolicy(local)).get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4321',
      'ws://127.0.0.1:4321',
    ]);
  });

  it('lets a cloud renderer reach AppSync over HTTPS and WSS, and Cognito', () => {
    expect(apiOrigins(cloud)).toEqual([
      'https://abc123.appsync-api.eu-west-1.amazonaws.com',
      'wss://abc123.appsync-realtime-api.eu-west-1.amazonaws.com',
      'https://cognito-idp.eu-west-1.amazonaws.com',
      'https://stockmate.auth.eu-west-1.amazoncognito.com',
    ]);
    const custom = { ...cloud, endpoint: 'https://api.example.com/graphql' };
    expect(apiOrigins(custom)[1]).toBe('wss://api.example.com');
  });

  it('allows no API at all before a connection is known', () => {
    expect(directives(contentSecurityPolicy(null)).get('connect-src')).toEqual(["'self'"]);
  });

  it('replaces a policy the response carried, whatever its header’s case', () => {
    const headers = withPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'none'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'none'"],
    });
  });
});

describe('the navigation and permission policy', () => {
  it('keeps navigation inside the app and sends safe web links to the browser', () => {
    expect(decideNavigation('app://stock-mate/#/products')).toEqual({ action: 'allow' });
    expect(decideNavigation('https://example.com/help')).toEqual({
      action: 'open-external',
      url: 'https://example.com/help',
    });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://other-app/',
      'http://127.0.0.1:4321/graphql',
      'https://user:pw@example.com/',
      'smb://server/share',
      'not a url',
    ]) {
      expect(decideNavigation(url)).toEqual({ action: 'deny' });
    }
  });

  it('never opens a window; only safe web links go to the browser', () => {
    expect(decideWindowOpen('https://docs.example.com')).toEqual({
      action: 'open-external',
      url: 'https://docs.example.com',
    });
    expect(decideWindowOpen('app://stock-mate/#/settings')).toEqual({ action: 'deny' });
    expect(isSafeExternalUrl(`https://example.com/${'a'.repeat(3000)}`)).toBe(false);
    expect(isSafeExternalUrl('http://localhost:3000')).toBe(false);
  });

  it('refuses every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(decidePermission(p)).toBe(false);
    }
  });

  it('answers IPC only from the app’s own top-level page', () => {
    expect(isTrustedSender('app://stock-mate/index.html', true)).toBe(true);
    expect(isTrustedSender('app://stock-mate/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
  });
});

describe('applying the policy to Electron objects', () => {
  it('sets the CSP on every response and denies permission requests and checks', () => {
    let onHeaders: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: (listener) => (onHeaders = listener) },
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    };
    let connection: Connection | null = null;
    hardenSession(session, () => contentSecurityPolicy(connection));
    connection = local;
    let answered: Record<string, string[]> | undefined;
    onHeaders!({ responseHeaders: { 'x-a': ['1'] } }, (r) => (answered = r.responseHeaders));
    expect(answered?.['Content-Security-Policy']?.[0]).toContain('ws://127.0.0.1:4321');
    const granted: boolean[] = [];
    request!(null, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(check!(null, 'geolocation')).toBe(false);
  });

  it('prevents navigation away, opens safe links externally and denies new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const contents: ContentsLike = {
      on: (event: string, listener: (e: { preventDefault(): void }, url: string) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (handler) => (openHandler = handler),
    };
    const opened: string[] = [];
    hardenContents(contents, (url) => opened.push(url));

    const navigate = (url: string, event = 'will-navigate') => {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('app://stock-mate/#/products')).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/hosts', 'will-redirect')).toBe(true);
    expect(openHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///x' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/', 'https://example.com/docs']);
    let webviewPrevented = false;
    listeners.get('will-attach-webview')?.({ preventDefault: () => (webviewPrevented = true) }, '');
    expect(webviewPrevented).toBe(true);
  });
});
