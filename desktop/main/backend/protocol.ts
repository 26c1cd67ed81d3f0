/**
 * The messages between the main process and the backend process: the main process starts, asks
 * for tokens and dumps, and stops; the backend process answers. Both sides parse what they
 * receive, because a message crossing a process boundary is only data.
 */
import { z } from 'zod';

/** What the main process sends. */
export type HostMessage =
  | {
      readonly type: 'start';
      readonly dataDir: string;
      /** 0 for any free port; the previous port on a restart, so the renderer's endpoint holds. */
      readonly port: number;
      /** Load this backup (a `dumpDataDir` tarball) into the empty data folder first. */
      readonly restoreFrom: string | null;
    }
  | { readonly type: 'token'; readonly id: number }
  | { readonly type: 'dump'; readonly id: number; readonly path: string }
  | { readonly type: 'stop' };

/** Where the running backend listens, and an owner token for it. */
export interface BackendReady {
  readonly endpoint: string;
  readonly realtimeEndpoint: string;
  /** The tenant of this computer's database. */
  readonly tenantId: string;
  readonly token: string;
}

/** What the backend process sends. */
export type ProcessMessage =
  | ({ readonly type: 'ready' } & BackendReady)
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: string }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly type: 'stopped' };

const id = z.number().int().nonnegative();

const hostMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    dataDir: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    restoreFrom: z.string().min(1).nullable(),
  }),
  z.object({ type: z.literal('token'), id }),
  z.object({ type: z.literal('dump'), id, path: z.string().min(1) }),
  z.object({ type: z.literal('stop') }),
]);

const processMessage = z.union([
  z.object({
    type: z.literal('ready'),
    endpoint: z.string().url(),
    realtimeEndpoint: z.string().url(),
    tenantId: z.string().min(1),
    token: z.string().min(1),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('reply'), id, ok: z.literal(true), value: z.string() }),
  z.object({ type: z.literal('reply'), id, ok: z.literal(false), message: z.string() }),
  z.object({ type: z.literal('stopped') }),
]);

/** A message from the main process, or null when it is not one. */
export const parseHostMessage = (value: unknown): HostMessage | null => {
  const parsed = hostMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** A message from the backend process, or null when it is not one. */
export const parseProcessMessage = (value: unknown): ProcessMessage | null => {
  const parsed = processMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
};
