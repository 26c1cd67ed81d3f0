/**
 * POST /graphql as AppSync answers it: verified token, size and rate limits, then the operation.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode } from 'graphql';
import { INTERNAL_MESSAGE } from '../api/errors';
import type { AppSyncErrorEntry } from './appsync-errors';
import { authMessage, requestError } from './appsync-errors';
import type { AccessClaims, TokenIssuer } from './contracts';
import { corsHeaders, preflight } from './cors';
import type { Executor } from './graphql-exec';
import { tokenFromAuthorization, userPoolCaller } from './identity';
import type { RateLimiter } from './rate-limit';

export interface HttpDeps {
  readonly executor: Executor;
  readonly tokens: TokenIssuer;
  readonly limiter: RateLimiter;
  readonly maxBodyBytes: number;
  readonly log: (message: string, error?: unknown) => void;
}

type Body =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

// Past this many times the limit, a client that keeps sending is cut off instead of drained.
const DRAIN_FACTOR = 8;

/** Reads the body up to `max` bytes; beyond it, drains the rest so the client can read the 413. */
const readBody = (req: IncomingMessage, max: number): Promise<Body> =>
  new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > max;
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      if (!over) chunks.push(chunk);
      else if (size > max * DRAIN_FACTOR) req.destroy();
    });
    req.on('end', () =>
      resolve(
        over ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString() },
      ),
    );
    req.on('close', () => resolve({ kind: 'aborted' }));
  });

const headersOf = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(req.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
};

/** The request handler for the HTTP side, and a way to let requests in flight finish. */
export const createHttpHandler = (deps: HttpDeps) => {
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...corsHeaders(req.headers.origin),
      ...(body === null ? {} : { 'content-type': 'application/json; charset=UTF-8' }),
      'content-length': String(Buffer.byteLength(text)),
      'x-amzn-requestid': randomUUID(),
      ...(closing ? { connection: 'close' } : {}),
      ...headers,
    });
    res.end(text);
  };
  const fail = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    error: AppSyncErrorEntry,
    headers: Record<string, string> = {},
  ) => send(req, res, status, { errors: [error] }, headers);

  const serveGraphql = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req, deps.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      const message = `the request body is larger than ${deps.maxBodyBytes} bytes`;
      return fail(req, res, 413, requestError('PayloadTooLargeException', message));
    }
    const token = tokenFromAuthorization(req.headers.authorization);
    if (token === null) {
      const message = 'no access token in the Authorization header; sign in first';
      return fail(req, res, 401, requestError('UnauthorizedException', message));
    }
    let claims: AccessClaims;
    try {
      claims = await deps.tokens.verify(token);
    } catch (error) {
      return fail(req, res, 401, requestError('UnauthorizedException', authMessage(error)));
    }
    const decision = deps.limiter.take(token);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      const message = `too many requests; try again in ${seconds} s`;
      return fail(req, res, 429, requestError('RateLimited', message), {
        'retry-after': String(seconds),
      });
    }
    const request = parseJson(body.text);
    if (!request.ok) {
      return fail(req, res, 400, requestError('BadRequestException', 'the body is not valid JSON'));
    }
    const prepared = deps.executor.prepare(request.value, [
      OperationTypeNode.QUERY,
      OperationTypeNode.MUTATION,
    ]);
    if (!prepared.ok) return send(req, res, 400, { data: null, errors: prepared.errors });
    const caller = userPoolCaller(claims, req.socket.remoteAddress, headersOf(req));
    send(req, res, 200, await deps.executor.run(prepared.op, caller));
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      req.resume();
      return fail(req, res, 404, requestError('NotFound', `nothing is served at ${path}`));
    }
    if (req.method === 'OPTIONS') {
      const answer = preflight(req.headers.origin, req.headers['access-control-request-headers']);
      return send(req, res, answer.status, null, answer.headers);
    }
    if (req.method !== 'POST') {
      req.resume();
      const message = `${req.method ?? 'this method'} is not supported; use POST`;
      return fail(req, res, 405, requestError('MethodNotAllowed', message), {
        allow: 'POST, OPTIONS',
      });
    }
    if (closing) {
      req.resume();
      return fail(req, res, 503, requestError('ServiceUnavailable', 'the server is shutting down'));
    }
    await serveGraphql(req, res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const done = route(req, res)
      .catch((error: unknown) => {
        deps.log('an HTTP request failed', error);
        if (!res.headersSent) {
          fail(req, res, 500, requestError('Internal', INTERNAL_MESSAGE));
        } else res.destroy();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  /** Refuses new requests and waits (at most `graceMs`) for those in flight. */
  const drain = async (graceMs: number): Promise<void> => {
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...inFlight]), deadline]);
    clearTimeout(timer);
  };

  return { handle, drain };
};
