/**
 * A local endpoint that speaks OpenAI's Chat Completions wire format (POST /v1/chat/completions,
 * bearer auth, JSON bodies, `{ error: { message, type, param, code } }` on failure) on 127.0.0.1,
 * so the real `openai` client can be exercised offline. Each test says how it should answer.
 * https://platform.openai.com/docs/api-reference/chat/object
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** A normal completion whose content is `{"advice": …}`. */
  | { readonly type: 'advice'; readonly advice: string }
  /** A completion with this exact content (e.g. malformed JSON) and finish reason. */
  | { readonly type: 'content'; readonly content: string; readonly finishReason?: string }
  /** The model refuses: content null, `refusal` set. */
  | { readonly type: 'refusal'; readonly refusal: string }
  /** An HTTP error with OpenAI's error body. */
  | { readonly type: 'error'; readonly status: number; readonly message?: string }
  /** A normal completion sent only after `delayMs`. */
  | { readonly type: 'slow'; readonly delayMs: number; readonly advice: string }
  /** Headers at once, then a body that never ends. */
  | { readonly type: 'stall' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface FakeOpenAiServer {
  /** What to pass as the client's `baseURL`. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** How to answer from now on (the default is a normal advice reply). */
  reply(next: FakeReply): void;
  close(): Promise<void>;
}

// [type, code, message] of the API's error bodies, by status.
const ERRORS: Readonly<Record<number, readonly [string, string | null, string]>> = {
  400: ['invalid_request_error', null, 'Bad request.'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
  404: ['invalid_request_error', null, 'Not found.'],
  429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests per min (RPM).'],
  500: ['server_error', null, 'The server had an error while processing your request.'],
};

const errorBody = (status: number, message?: string) => {
  const [type, code, text] = ERRORS[status] ?? ['api_error', null, 'Error.'];
  return { error: { message: message ?? text, type, param: null, code } };
};

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url')}`;

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': id('req_'),
    'openai-processing-ms': '42',
    // The real API says whether a retry may help; the client obeys this header.
    ...(status >= 400 ? { 'x-should-retry': String(status === 429 || status >= 500) } : {}),
  });
  res.end(text);
};

const fail = (res: ServerResponse, status: number, message?: string) =>
  sendJson(res, status, errorBody(status, message));

/** The documented ChatCompletion object with one choice. */
const completion = (
  request: Record<string, unknown>,
  message: { content: string | null; refusal: string | null },
  finishReason = 'stop',
) => {
  // Rough counts (about four characters a token) so usage looks like the real thing.
  const prompt = Math.ceil(JSON.stringify(request['messages'] ?? []).length / 4);
  const generated = Math.ceil((message.content ?? message.refusal ?? '').length / 4);
  return {
    id: id('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof request['model'] === 'string' ? request['model'] : 'unknown',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: generated,
      total_tokens: prompt + generated,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_0a1b2c3d4e',
  };
};

/** The API rejects a strict schema unless every object closes its properties and requires all. */
const strictSchemaProblem = (schema: unknown, at = '(root)'): string | undefined => {
  if (schema === null || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, unknown>;
  if (s['type'] === 'object') {
    const properties = (s['properties'] ?? {}) as Record<string, unknown>;
    if (s['additionalProperties'] !== false)
      return `In context=${at}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(s['required']) ? (s['required'] as unknown[]) : [];
    const missing = Object.keys(properties).find((k) => !required.includes(k));
    if (missing !== undefined)
      return `In context=${at}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
    for (const [key, child] of Object.entries(properties)) {
      const problem = strictSchemaProblem(child, `('properties', '${key}')`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
};

/** The status and body for a reply (a stall has none: it never finishes). */
const respond = (
  reply: Exclude<FakeReply, { type: 'stall' }>,
  request: Record<string, unknown>,
): [number, unknown] => {
  switch (reply.type) {
    case 'advice':
    case 'slow':
      return [
        200,
        completion(request, { content: JSON.stringify({ advice: reply.advice }), refusal: null }),
      ];
    case 'content':
      return [
        200,
        completion(request, { content: reply.content, refusal: null }, reply.finishReason),
      ];
    case 'refusal':
      return [200, completion(request, { content: null, refusal: reply.refusal })];
    case 'error':
      return [reply.status, errorBody(reply.status, reply.message)];
  }
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Starts the endpoint on 127.0.0.1 (an ephemeral port). `apiKey`, when given, is the only one accepted. */
export const startOpenAiServer = async (
  options: { apiKey?: string } = {},
): Promise<FakeOpenAiServer> => {
  const requests: RecordedRequest[] = [];
  let next: FakeReply = { type: 'advice', advice: 'Order 120 ea from Acme today.' };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: unknown = text;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Recorded as text; answered below as the API would.
    }
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return fail(res, 401, "You didn't provide an API key.");
    if (options.apiKey !== undefined && bearer !== options.apiKey) return fail(res, 401);
    if (req.method !== 'POST' || path !== '/v1/chat/completions')
      return fail(res, 404, `Invalid URL (${req.method} ${path})`);
    if (body === null || typeof body !== 'object')
      return fail(res, 400, 'We could not parse the JSON body of your request.');
    const request = body as Record<string, unknown>;
    if (typeof request['model'] !== 'string' || !Array.isArray(request['messages']))
      return fail(res, 400, "Missing required parameter: 'model' or 'messages'.");
    const format = request['response_format'] as
      { type?: string; json_schema?: Record<string, unknown> } | undefined;
    if (format?.type === 'json_schema' && format.json_schema?.['strict'] === true) {
      const problem = strictSchemaProblem(format.json_schema['schema']);
      const name = String(format.json_schema['name']);
      if (problem !== undefined)
        return fail(res, 400, `Invalid schema for response_format '${name}': ${problem}`);
    }

    const reply = next;
    if (reply.type === 'stall') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id('req_') });
      res.write('{"id":"');
      return;
    }
    const [status, answer] = respond(reply, request);
    if (reply.type !== 'slow') return sendJson(res, status, answer);
    // Closing the server destroys the socket, which clears the timer too.
    const timer = setTimeout(() => sendJson(res, status, answer), reply.delayMs);
    res.on('close', () => clearTimeout(timer));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) fail(res, 500, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (reply) => {
      next = reply;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Stalled and slow responses would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
};
