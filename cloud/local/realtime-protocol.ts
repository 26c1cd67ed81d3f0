/**
 * The messages of AppSync's real-time protocol (subprotocol `graphql-ws`): reading what clients
 * send, and the shapes of what the server sends back.
 */
import type { AppSyncErrorEntry } from './appsync-errors';
import { requestError } from './appsync-errors';
import { tokenFromAuthorization } from './identity';

/** A message from a client that the server acts on. */
export type ClientMessage =
  | { readonly type: 'connection_init' }
  | {
      readonly type: 'start';
      readonly id: string;
      /** `{ query, variables, operationName }` from the payload's `data`. */
      readonly request: unknown;
      /** The start's own Authorization value (payload.extensions.authorization). */
      readonly authorization: unknown;
    }
  | { readonly type: 'stop'; readonly id: string };

export type Decoded =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly id?: string; readonly error: AppSyncErrorEntry };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const bad = (message: string, id?: string): Decoded => ({
  ok: false,
  ...(id === undefined ? {} : { id }),
  error: requestError('BadRequestException', message),
});

/** Reads one text frame from a client. */
export const decodeClientMessage = (raw: string): Decoded => {
  const message = parseJson(raw);
  if (!isRecord(message)) return bad('the message is not a JSON object');
  const { type, id, payload } = message;
  if (typeof type !== 'string') return bad('the message has no `type`');
  if (type === 'connection_init') return { ok: true, message: { type } };
  const ident = typeof id === 'string' && id !== '' ? id : undefined;
  if (type !== 'start' && type !== 'stop') {
    return {
      ok: false,
      ...(ident === undefined ? {} : { id: ident }),
      error: requestError('UnsupportedOperation', `${type} is not a supported message type`),
    };
  }
  if (ident === undefined) return bad(`a ${type} message needs an \`id\``);
  if (type === 'stop') return { ok: true, message: { type, id: ident } };
  if (!isRecord(payload)) return bad('a start message needs a `payload`', ident);
  const data = typeof payload['data'] === 'string' ? parseJson(payload['data']) : payload['data'];
  if (!isRecord(data)) return bad('payload.data must be JSON text of { query, variables }', ident);
  const extensions = isRecord(payload['extensions']) ? payload['extensions'] : {};
  const authorization = isRecord(extensions['authorization'])
    ? extensions['authorization']['Authorization']
    : undefined;
  return { ok: true, message: { type, id: ident, request: data, authorization } };
};

const decodeBase64Json = (text: string): unknown =>
  parseJson(Buffer.from(text, 'base64').toString('utf8'));

/**
 * The access token a connection presents: the `header-<base64url JSON>` subprotocol that Amplify
 * sends, or the older `?header=<base64 JSON>&payload=e30=` query form.
 */
export const connectToken = (
  protocols: readonly string[],
  search: URLSearchParams,
): string | null => {
  const fromProtocol = protocols.find((p) => p.startsWith('header-'))?.slice('header-'.length);
  const encoded = fromProtocol ?? search.get('header');
  if (encoded === null || encoded === '') return null;
  const header = decodeBase64Json(encoded);
  return isRecord(header) ? tokenFromAuthorization(header['Authorization']) : null;
};

/** What the server sends. */
export const serverMessage = {
  connectionAck: (connectionTimeoutMs: number) => ({
    type: 'connection_ack',
    payload: { connectionTimeoutMs },
  }),
  connectionError: (errors: readonly AppSyncErrorEntry[]) => ({
    type: 'connection_error',
    payload: { errors },
  }),
  keepAlive: () => ({ type: 'ka' }),
  startAck: (id: string) => ({ type: 'start_ack', id }),
  data: (id: string, payload: unknown) => ({ type: 'data', id, payload }),
  error: (id: string | undefined, errors: readonly AppSyncErrorEntry[]) => ({
    type: 'error',
    ...(id === undefined ? {} : { id }),
    payload: { errors },
  }),
  complete: (id: string) => ({ type: 'complete', id }),
} as const;
