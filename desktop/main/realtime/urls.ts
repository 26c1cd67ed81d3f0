/**
 * The real-time URL of a connection, as Amplify derives it: AppSync's own domains swap
 * `appsync-api` for `appsync-realtime-api`; other (custom or local) endpoints append `/realtime`.
 */
import type { Connection } from '../../bridge';

const APPSYNC_HOST = /^([a-z0-9]+)\.appsync-api\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The `wss://` real-time URL of an AppSync GraphQL endpoint. */
export const appSyncRealtimeUrl = (endpoint: string): string => {
  const url = new URL(endpoint);
  const match = APPSYNC_HOST.exec(url.hostname);
  if (match !== null) {
    return `wss://${match[1]}.appsync-realtime-api.${match[2]}.amazonaws.com${url.pathname}`;
  }
  return `wss://${url.host}${url.pathname.replace(/\/$/, '')}/realtime`;
};

/** Where a connection's subscriptions connect. */
export const realtimeUrlOf = (connection: Connection): string =>
  connection.mode === 'local'
    ? connection.realtimeEndpoint
    : appSyncRealtimeUrl(connection.endpoint);
