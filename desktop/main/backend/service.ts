/**
 * What the backend process does with the main process's messages: start the embedded backend
 * (after loading a backup into an empty data folder when restoring), hand out owner tokens, dump
 * the database, and stop, finishing writes first. Messages are handled one at a time, so a stop
 * never cuts a dump short.
 */
import type { BackendReady, HostMessage, ProcessMessage } from './protocol';
import { parseHostMessage } from './protocol';

/** The part of the embedded backend this service uses. */
export interface RunningBackend extends Omit<BackendReady, 'tenantId'> {
  issueToken(user: { sub: string; username: string; groups: readonly string[] }): Promise<string>;
  close(): Promise<void>;
}

export interface BackendServiceDeps {
  start(options: { readonly dataDir: string; readonly port: number }): Promise<RunningBackend>;
  /** Writes the closed database of `dataDir` to `path` as a gzipped tarball. */
  dump(dataDir: string, path: string): Promise<void>;
  /** Fills the empty `dataDir` from a tarball written by `dump`. */
  load(dataDir: string, from: string): Promise<void>;
  send(message: ProcessMessage): void;
  exit(code: number): void;
  log(message: string, error?: unknown): void;
  /** The tenant of the local database. */
  readonly tenantId: string;
  /** The owner's sub and name, for the tokens it asks for. */
  readonly owner: { readonly sub: string; readonly username: string };
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const portOf = (endpoint: string): number => Number(new URL(endpoint).port);

/** Builds the handler of one backend process. */
export const createBackendService = (deps: BackendServiceDeps) => {
  let backend: RunningBackend | null = null;
  let dataDir: string | null = null;
  let queue: Promise<void> = Promise.resolve();

  const ready = (running: RunningBackend): void =>
    deps.send({
      type: 'ready',
      endpoint: running.endpoint,
      realtimeEndpoint: running.realtimeEndpoint,
      tenantId: deps.tenantId,
      token: running.token,
    });

  const start = async (message: Extract<HostMessage, { type: 'start' }>) => {
    if (backend !== null) return ready(backend);
    try {
      if (message.restoreFrom !== null) await deps.load(message.dataDir, message.restoreFrom);
      backend = await deps.start({ dataDir: message.dataDir, port: message.port });
      dataDir = message.dataDir;
      ready(backend);
    } catch (error) {
      deps.log('the backend could not start', error);
      deps.send({ type: 'failed', message: messageOf(error) });
      deps.exit(1);
    }
  };

  // PGlite allows one open instance per folder: close, dump, and open again on the same port.
  const dump = async (id: number, path: string) => {
    if (backend === null || dataDir === null) {
      return deps.send({ type: 'reply', id, ok: false, message: 'the backend is not running' });
    }
    const port = portOf(backend.endpoint);
    await backend.close();
    backend = null;
    let failure: unknown = null;
    try {
      await deps.dump(dataDir, path);
    } catch (error) {
      failure = error;
    }
    backend = await deps.start({ dataDir, port });
    ready(backend);
    deps.send(
      failure === null
        ? { type: 'reply', id, ok: true, value: path }
        : { type: 'reply', id, ok: false, message: messageOf(failure) },
    );
  };

  const handle = async (message: HostMessage): Promise<void> => {
    switch (message.type) {
      case 'start':
        return start(message);
      case 'token': {
        if (backend === null) {
          return deps.send({ type: 'reply', id: message.id, ok: false, message: 'not running' });
        }
        try {
          const token = await backend.issueToken({ ...deps.owner, groups: ['admin'] });
          return deps.send({ type: 'reply', id: message.id, ok: true, value: token });
        } catch (error) {
          return deps.send({ type: 'reply', id: message.id, ok: false, message: messageOf(error) });
        }
      }
      case 'dump':
        return dump(message.id, message.path);
      case 'stop':
        await backend?.close();
        backend = null;
        deps.send({ type: 'stopped' });
        return deps.exit(0);
    }
  };

  return {
    /** Queues one raw message from the main process; unknown messages are logged and dropped. */
    receive(raw: unknown): Promise<void> {
      const message = parseHostMessage(raw);
      if (message === null) {
        deps.log(`ignored a message that is not part of the protocol: ${JSON.stringify(raw)}`);
        return queue;
      }
      // Anything that escapes a handler leaves the process in an unknown state: exit, and let the
      // host restart it.
      queue = queue
        .then(() => handle(message))
        .catch((error: unknown) => {
          deps.log('the backend process failed', error);
          deps.send({ type: 'failed', message: messageOf(error) });
          deps.exit(1);
        });
      return queue;
    },
  };
};
