/**
 * A local endpoint speaking Stripe's wire format for `POST /v1/billing/meter_events` on
 * 127.0.0.1, so the real `stripe` client can be exercised offline: form-encoded requests with a
 * Bearer secret key, JSON answers, Stripe's error envelope `{ error: { type, code, message } }`,
 * Idempotency-Key replays, and the refusal of an identifier it already holds. Each test can make
 * it fail with a 500, a 429, a dropped connection (before or after the event is kept), or a
 * refusal with a message of its choosing.
 * https://docs.stripe.com/api/billing/meter-event/create · https://docs.stripe.com/api/errors
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMeterEvent {
  readonly object: 'billing.meter_event';
  readonly event_name: string;
  readonly identifier: string;
  readonly payload: Readonly<Record<string, string>>;
  readonly timestamp: number;
  readonly created: number;
  readonly livemode: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly form: Readonly<Record<string, string>>;
  /** The status answered, or `dropped` when the connection was cut instead. */
  status: number | 'dropped';
}

/** `drop` cuts the connection before the event is kept; `accept-then-drop` keeps it, then cuts. */
/** A 500, a 429, a dropped connection, or a refusal (400) with the given message. */
export type FailureMode = 500 | 429 | 'drop' | 'accept-then-drop' | { readonly refuse: string };

export interface FakeStripeOptions {
  readonly secretKey?: string;
  /** The server's clock, for the timestamp window and `created`. */
  readonly now?: () => Date;
  /** Event names with an active meter. */
  readonly meters?: readonly string[];
}

export interface FakeStripe {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly protocol: 'http';
  readonly secretKey: string;
  /** Every request, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Every meter event accepted, in order. */
  readonly events: readonly FakeMeterEvent[];
  /** Fails the next `times` requests (all of them until `heal` when omitted). */
  fail(mode: FailureMode, times?: number): void;
  heal(): void;
  /** Holds each answer back this long, so concurrent callers overlap. */
  delay(ms: number): void;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Stripe's error envelope. */
const stripeError = (
  status: number,
  type: string,
  message: string,
  extra: { readonly code?: string; readonly param?: string } = {},
): Answer => ({ status, body: { error: { type, message, ...extra } } });

const invalid = (
  message: string,
  extra: { readonly code?: string; readonly param?: string } = {},
) => stripeError(400, 'invalid_request_error', message, extra);

const DAY = 86_400;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export const startFakeStripe = async (options: FakeStripeOptions = {}): Promise<FakeStripe> => {
  const secretKey = options.secretKey ?? 'sk_test_stockmate_fake_0000';
  const now = options.now ?? (() => new Date());
  const meters = new Set(options.meters ?? ['stock_movements', 'active_products']);
  const requests: RecordedRequest[] = [];
  const events: FakeMeterEvent[] = [];
  const identifiers = new Set<string>();
  const replays = new Map<string, { readonly body: string; readonly answer: Answer }>();
  let failure: { mode: FailureMode; left: number } | null = null;
  let delayMs = 0;
  let sequence = 0;

  /** Creates the event, or refuses it the way Stripe does. */
  const createMeterEvent = (form: Record<string, string>): Answer => {
    const missing = ['event_name', 'payload[stripe_customer_id]', 'payload[value]'].find(
      (param) => !form[param],
    );
    if (missing !== undefined)
      return invalid(`Missing required param: ${missing}.`, {
        code: 'parameter_missing',
        param: missing,
      });
    const eventName = form['event_name'] ?? '';
    if (!meters.has(eventName))
      return invalid(`No active meter found for event_name ${eventName}.`);
    const value = form['payload[value]'] ?? '';
    if (!/^\d+(\.\d+)?$/.test(value))
      return invalid(`Invalid payload[value]: ${value}.`, { param: 'payload[value]' });
    const current = Math.floor(now().getTime() / 1000);
    const timestamp = form['timestamp'] === undefined ? current : Number(form['timestamp']);
    if (!Number.isInteger(timestamp) || timestamp < current - 35 * DAY || timestamp > current + 300)
      return invalid(
        'Timestamp must be within the past 35 days and at most 5 minutes in the future.',
        { param: 'timestamp' },
      );
    const identifier = form['identifier'] ?? `fake_${++sequence}`;
    if (identifiers.has(identifier)) {
      const refusal = invalid(`An event already exists with identifier ${identifier}.`);
      return { ...refusal, headers: { 'stripe-should-retry': 'false' } };
    }
    identifiers.add(identifier);
    const payload = Object.fromEntries(
      Object.entries(form)
        .filter(([k]) => k.startsWith('payload[') && k.endsWith(']'))
        .map(([k, v]) => [k.slice('payload['.length, -1), v]),
    );
    const event: FakeMeterEvent = {
      object: 'billing.meter_event',
      event_name: eventName,
      identifier,
      payload,
      timestamp,
      created: current,
      livemode: secretKey.startsWith('sk_live_'),
    };
    events.push(event);
    return { status: 200, body: event };
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: header('authorization'),
      contentType: header('content-type'),
      idempotencyKey: header('idempotency-key'),
      form: Object.fromEntries(new URLSearchParams(raw)),
      status: 0,
    };
    requests.push(record);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));

    const mode = failure !== null && failure.left > 0 ? failure.mode : null;
    if (failure !== null && mode !== null) failure.left--;
    const send = (a: Answer) => {
      record.status = a.status;
      res.writeHead(a.status, {
        'content-type': 'application/json',
        'request-id': `req_fake${requests.length}`,
        ...(record.idempotencyKey === undefined
          ? {}
          : { 'idempotency-key': record.idempotencyKey }),
        ...a.headers,
      });
      res.end(JSON.stringify(a.body));
    };
    const drop = () => {
      record.status = 'dropped';
      req.socket.destroy();
    };

    if (mode === 'drop') return drop();
    if (typeof mode === 'object' && mode !== null) return send(invalid(mode.refuse));
    if (mode === 500) return send(stripeError(500, 'api_error', 'An unknown error occurred.'));
    if (mode === 429)
      return send(
        stripeError(429, 'invalid_request_error', 'Request rate limit exceeded.', {
          code: 'rate_limit',
        }),
      );

    const result = ((): Answer => {
      const key = record.authorization?.match(/^Bearer (.+)$/)?.[1];
      if (key === undefined)
        return stripeError(401, 'invalid_request_error', 'You did not provide an API key.');
      if (key !== secretKey)
        return stripeError(
          401,
          'invalid_request_error',
          `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
        );
      if (record.method !== 'POST' || record.path !== '/v1/billing/meter_events')
        return stripeError(
          404,
          'invalid_request_error',
          `Unrecognized request URL (${record.method}: ${record.path}).`,
        );
      if (!record.contentType?.startsWith('application/x-www-form-urlencoded'))
        return invalid('Requests must be form-encoded.');
      const idempotencyKey = record.idempotencyKey;
      const seen = idempotencyKey === undefined ? undefined : replays.get(idempotencyKey);
      if (seen !== undefined) {
        if (seen.body !== raw)
          return stripeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        return {
          ...seen.answer,
          headers: { ...seen.answer.headers, 'idempotent-replayed': 'true' },
        };
      }
      const created = createMeterEvent(record.form);
      // Stripe keeps the result of a request that ran; a refused one may be sent again.
      if (idempotencyKey !== undefined && created.status === 200)
        replays.set(idempotencyKey, { body: raw, answer: created });
      return created;
    })();
    if (mode === 'accept-then-drop') return drop();
    send(result);
  };

  const server = createServer((req, res) => {
    answer(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    secretKey,
    requests,
    events,
    fail: (mode, times = Number.POSITIVE_INFINITY) => {
      failure = { mode, left: times };
    },
    heal: () => {
      failure = null;
    },
    delay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
};
