/**
 * Hosts the backend process: starts it before the window, restarts it with growing delays when it
 * crashes (and gives up, saying so, when it keeps crashing), relays token and dump requests, and
 * stops it cleanly — asking first, so writes finish, and killing it only after a bound.
 */
import { DATABASE_STOPPED_EXIT_CODE, DATABASE_STOPPED_REASON } from '../../../cloud/db/stopped';
import type { BackendReady, HostMessage } from './protocol';
import { parseProcessMessage } from './protocol';

/** The part of Electron's UtilityProcess (or a Node child) the host uses. */
export interface ChildLike {
  postMessage(message: HostMessage): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface RestartPolicy {
  /** Delay before each restart; the last one repeats. */
  readonly delaysMs: readonly number[];
  /** This many crashes within `windowMs` and the host gives up. */
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** How long a stop may take before the process is killed. */
  readonly stopTimeoutMs: number;
}

export const defaultPolicy: RestartPolicy = {
  delaysMs: [500, 1_000, 2_000, 5_000, 10_000],
  maxCrashes: 5,
  windowMs: 120_000,
  stopTimeoutMs: 15_000,
};

export interface BackendHostDeps {
  fork(): ChildLike;
  readonly dataDir: string;
  readonly policy?: RestartPolicy;
  readonly now?: () => number;
  /** A new endpoint or token after a restart (the renderer and subscriptions follow it). */
  onReady?(ready: BackendReady): void;
  /** The host gave up: the message says why, for the user. */
  onFailed?(message: string): void;
  log?(message: string): void;
}

interface Pending {
  resolve(value: string): void;
  reject(error: Error): void;
}

export type HostState = 'idle' | 'starting' | 'running' | 'waiting' | 'stopping' | 'failed';

/** Creates the host of one data folder; nothing runs until `start`. */
export const createBackendHost = (deps: BackendHostDeps) => {
  const policy = deps.policy ?? defaultPolicy;
  const now = deps.now ?? Date.now;
  let state: HostState = 'idle';
  let child: ChildLike | null = null;
  let current: BackendReady | null = null;
  let port = 0;
  let crashes: number[] = [];
  let restartTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let starting: { resolve(ready: BackendReady): void; reject(error: Error): void } | null = null;
  let restoring = false;
  let lastFailure: string | null = null;
  let exited: (() => void) | null = null;

  const settleStart = (outcome: BackendReady | Error) => {
    const waiter = starting;
    starting = null;
    if (outcome instanceof Error) waiter?.reject(outcome);
    else waiter?.resolve(outcome);
  };

  const failAll = (reason: string) => {
    for (const request of pending.values()) request.reject(new Error(reason));
    pending.clear();
  };

  // A first start that never comes up is the caller's to report; a later crash loop is news.
  const giveUp = (message: string) => {
    state = 'failed';
    current = null;
    deps.log?.(message);
    if (starting !== null) settleStart(new Error(message));
    else deps.onFailed?.(message);
  };

  const onMessage = (raw: unknown) => {
    const message = parseProcessMessage(raw);
    if (message === null) return deps.log?.(`ignored an unknown message: ${JSON.stringify(raw)}`);
    switch (message.type) {
      case 'ready': {
        const ready = {
          endpoint: message.endpoint,
          realtimeEndpoint: message.realtimeEndpoint,
          tenantId: message.tenantId,
          token: message.token,
        };
        const first = state !== 'running';
        state = 'running';
        restoring = false;
        current = ready;
        port = Number(new URL(ready.endpoint).port);
        if (first) settleStart(ready);
        return deps.onReady?.(ready);
      }
      case 'failed':
        lastFailure = message.message;
        // A restore that fails is final: restarting would load the same bad file again.
        if (restoring) {
          restoring = false;
          state = 'failed';
          settleStart(new Error(message.message));
        }
        // The old port may have been taken meanwhile: the next attempt takes any free one.
        port = 0;
        return deps.log?.(`the backend process failed: ${message.message}`);
      case 'reply': {
        const request = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) request?.resolve(message.value);
        else request?.reject(new Error(message.message));
        return;
      }
      case 'stopped':
        return;
    }
  };

  const onExit = (code: number) => {
    child = null;
    current = null;
    // It could not say so itself: it stopped at once, before anything more was written.
    if (code === DATABASE_STOPPED_EXIT_CODE) lastFailure = DATABASE_STOPPED_REASON;
    failAll('the backend process stopped');
    if (state === 'stopping' || state === 'failed' || state === 'idle') {
      if (state === 'stopping') state = 'idle';
      exited?.();
      return;
    }
    const at = now();
    crashes = [...crashes.filter((t) => at - t < policy.windowMs), at];
    if (crashes.length >= policy.maxCrashes) {
      return giveUp(
        `The Stock-Mate database stopped unexpectedly ${crashes.length} times within ` +
          `${Math.round(policy.windowMs / 1000)} seconds (last exit code ${code}` +
          `${lastFailure === null ? '' : `: ${lastFailure}`}), so it was not started again. ` +
          `Your data is safe in ${deps.dataDir}. Restart Stock-Mate to try again.`,
      );
    }
    const delay = policy.delaysMs[Math.min(crashes.length - 1, policy.delaysMs.length - 1)] ?? 0;
    deps.log?.(`the backend process exited with code ${code}; restarting in ${delay} ms`);
    state = 'waiting';
    restartTimer = setTimeout(() => {
      restartTimer = null;
      spawn(null);
    }, delay);
  };

  const spawn = (restoreFrom: string | null) => {
    state = 'starting';
    restoring = restoreFrom !== null;
    const forked = deps.fork();
    child = forked;
    forked.on('message', onMessage);
    forked.on('exit', onExit);
    forked.postMessage({ type: 'start', dataDir: deps.dataDir, port, restoreFrom });
  };

  const request = (message: (id: number) => HostMessage): Promise<string> => {
    const running = child;
    if (running === null || state !== 'running') {
      return Promise.reject(new Error('the backend is not running'));
    }
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      running.postMessage(message(id));
    });
  };

  return {
    /** Starts the backend (loading a backup first when restoring); resolves once it serves. */
    start(options: { readonly restoreFrom?: string } = {}): Promise<BackendReady> {
      if (state !== 'idle' && state !== 'failed') {
        return Promise.reject(new Error(`the backend is already ${state}`));
      }
      crashes = [];
      lastFailure = null;
      return new Promise<BackendReady>((resolve, reject) => {
        starting = { resolve, reject };
        spawn(options.restoreFrom ?? null);
      });
    },

    /** Asks the process to finish its work and exit; kills it after the policy's bound. */
    async stop(): Promise<void> {
      if (restartTimer !== null) clearTimeout(restartTimer);
      restartTimer = null;
      const running = child;
      if (running === null) {
        state = 'idle';
        settleStart(new Error('the backend was stopped before it started'));
        return;
      }
      state = 'stopping';
      settleStart(new Error('the backend was stopped before it started'));
      const gone = new Promise<void>((resolve) => (exited = resolve));
      running.postMessage({ type: 'stop' });
      const timer = setTimeout(() => {
        deps.log?.('the backend process did not stop in time; ending it');
        running.kill();
      }, policy.stopTimeoutMs);
      await gone;
      clearTimeout(timer);
      exited = null;
    },

    /** A fresh owner token from the running backend. */
    token: (): Promise<string> => request((id) => ({ type: 'token', id })),

    /** Writes a backup of the database to `path` (the backend pauses while it is written). */
    dump: async (path: string): Promise<void> => {
      await request((id) => ({ type: 'dump', id, path }));
    },

    current: (): BackendReady | null => current,
    state: (): HostState => state,
  };
};

export type BackendHost = ReturnType<typeof createBackendHost>;
