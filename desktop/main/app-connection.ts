/**
 * One face for both modes: the connection, a valid token and the session, whether the API is the
 * embedded backend (hosted in the backend process) or AppSync with Cognito. The IPC bridge, the
 * tray and the notification subscription all ask this.
 */
import type { Connection, Session } from '../bridge';
import type { CloudConnection, CloudSession } from './auth/cloud-session';
import type { LocalSession } from './auth/local-session';
import type { BackendReady } from './backend/protocol';

export interface AppConnection {
  readonly mode: 'local' | 'cloud';
  /** The connection now, or null while the local backend is not running. */
  connection(): Connection | null;
  accessToken(): Promise<string>;
  session(): Session;
  signIn(): Promise<Session>;
  signOut(): Promise<void>;
}

/** The local connection of a running backend. */
export const localConnection = (ready: BackendReady): Connection => ({
  mode: 'local',
  endpoint: ready.endpoint,
  realtimeEndpoint: ready.realtimeEndpoint,
  tenantId: ready.tenantId,
});

/** Local mode: the backend host's endpoint and the local session's token. */
export const localAppConnection = (
  current: () => BackendReady | null,
  session: LocalSession,
): AppConnection => ({
  mode: 'local',
  connection: () => {
    const ready = current();
    return ready === null ? null : localConnection(ready);
  },
  accessToken: () => session.accessToken(),
  session: () => session.session(),
  // The owner of this computer's database is always signed in; there is nothing to do.
  signIn: () => Promise.resolve(session.session()),
  signOut: () => Promise.resolve(),
});

/** Cloud mode: the connection file and the Cognito session. */
export const cloudAppConnection = (
  connection: CloudConnection,
  session: CloudSession,
): AppConnection => ({
  mode: 'cloud',
  connection: () => connection,
  accessToken: () => session.accessToken(),
  session: () => session.session(),
  signIn: () => session.signIn(),
  signOut: () => session.signOut(),
});
