/**
 * Amplify derives the real-time URL itself and always says `wss://`. The local server speaks plain
 * WebSocket on loopback, so in local mode the client's WebSocket maps such URLs to `ws://`.
 */

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `wss://` URLs for this computer become `ws://`; every other URL is returned unchanged. */
export const toLocalWebSocketUrl = (url: string): string => {
  if (!url.toLowerCase().startsWith('wss://') || !URL.canParse(url)) return url;
  return loopbackHosts.has(new URL(url).hostname) ? `ws://${url.slice('wss://'.length)}` : url;
};
