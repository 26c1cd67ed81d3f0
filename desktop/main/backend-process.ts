/**
 * The backend process: the embedded backend (database, API server, workflows) in its own process,
 * so a crash or a long query never freezes the window. Electron starts it as a utility process and
 * talks through `process.parentPort`; under plain Node (tests) `child_process.fork`'s IPC channel
 * stands in for it.
 */
import { userInfo } from 'node:os';
import { inspect } from 'node:util';
import { LOCAL_OWNER, LOCAL_TENANT, startLocalBackend } from '../../cloud/local/backend';
import { ensureDir } from '../../cloud/local/files';
import { dumpDatabase, loadDatabase } from './backend/database-files';
import type { ProcessMessage } from './backend/protocol';
import { createBackendService } from './backend/service';

interface Channel {
  send(message: ProcessMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

const channel = (): Channel => {
  const parentPort = 'parentPort' in process ? process.parentPort : undefined;
  if (parentPort !== undefined) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) {
    throw new Error('the backend process must be started by Stock-Mate (no parent channel)');
  }
  return {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', listener),
  };
};

const log = (message: string, error?: unknown): void => {
  if (error === undefined || error === '') return console.error(message);
  const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
  console.error(`${message}: ${detail}`);
};

const parent = channel();
const service = createBackendService({
  start: async ({ dataDir, port }) => {
    await ensureDir(dataDir);
    return startLocalBackend({ dataDir, port, log });
  },
  dump: dumpDatabase,
  load: async (dataDir, from) => {
    await ensureDir(dataDir);
    await loadDatabase(dataDir, from);
  },
  send: (message) => parent.send(message),
  // Give the last message time to cross to the parent before the process ends.
  exit: (code) => void setTimeout(() => process.exit(code), 50),
  log,
  tenantId: LOCAL_TENANT,
  owner: { sub: LOCAL_OWNER, username: userInfo().username },
});
parent.onMessage((message) => void service.receive(message));
