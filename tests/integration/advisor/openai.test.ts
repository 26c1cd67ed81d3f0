import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdviceRequest } from '../../../cloud/services/advisor';
import {
  advisorFromEnv,
  AdvisorError,
  createOpenAiAdvisor,
  DEFAULT_MODEL,
} from '../../../cloud/services/advisor';
import type { FakeOpenAiServer } from '../../fakes/openai-server';
import { startOpenAiServer } from '../../fakes/openai-server';

const KEY = 'sk-test-advisor-0001';

const request: AdviceRequest = {
  kind: 'PO_SUGGESTED',
  product: { sku: 'WID-1', name: 'Blue widget', unit: 'ea' },
  numbers: {
    available: 14,
    dailyDemand: 4.7,
    leadTimeDays: 7,
    suggestedQuantity: 120,
    packSize: 60,
    supplierName: 'Acme',
    expectedAt: null,
  },
};

let server: FakeOpenAiServer;

beforeAll(async () => {
  server = await startOpenAiServer({ apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply({ type: 'advice', advice: 'Order 120 ea from Acme today: 14 ea covers 3 days.' });
});

const advisor = (timeoutMs = 2000, apiKey = () => Promise.resolve(KEY)) =>
  createOpenAiAdvisor({ apiKey, baseURL: server.baseURL, model: 'gpt-test-mini', timeoutMs });

interface SentBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format: {
    type: string;
    json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
  };
}

describe('the OpenAI advisor through the real client', () => {
  it('sends the model, the strict JSON schema, the numbers and the bearer key', async () => {
    await advisor().advise(request);

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = sent.body as SentBody;
    expect(body.model).toBe('gpt-test-mini');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema).toMatchObject({
      type: 'object',
      properties: { advice: { type: 'string' } },
      required: ['advice'],
      additionalProperties: false,
    });
    const system = body.messages.find((m) => m.role === 'system');
    expect(system?.content).toMatch(/never invent/i);
    const user = body.messages.find((m) => m.role === 'user');
    expect(JSON.parse(user?.content ?? '')).toEqual({
      kind: request.kind,
      product: request.product,
      numbers: request.numbers,
    });
  });

  it('returns the model’s advice labelled OPENAI', async () => {
    server.reply({ type: 'advice', advice: '  Order 120 ea from Acme\ntoday.  ' });
    await expect(advisor().advise(request)).resolves.toEqual({
      text: 'Order 120 ea from Acme today.',
      source: 'OPENAI',
    });
  });

  it('rejects a slow reply within about the timeout, without retrying', async () => {
    server.reply({ type: 'slow', delayMs: 5000, advice: 'Too late.' });
    const started = performance.now();
    await expect(advisor(300).advise(request)).rejects.toThrow(/timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a reply whose body stalls after the headers within about the timeout', async () => {
    server.reply({ type: 'stall' });
    const started = performance.now();
    await expect(advisor(300).advise(request)).rejects.toThrow(/timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it.each([
    [500, /HTTP 500 \(server error\)/],
    [429, /HTTP 429 \(rate limited\).*Rate limit reached/],
  ])('rejects an HTTP %i once, naming the status', async (status, message) => {
    server.reply({ type: 'error', status });
    const failure = advisor().advise(request);
    await expect(failure).rejects.toBeInstanceOf(AdvisorError);
    await expect(failure).rejects.toThrow(message);
    // maxRetries is 0: the workflow's Retry policy owns retries.
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['content that is not JSON', 'Order more soon.', /not valid JSON/],
    ['JSON without advice', '{"tip":"Order more."}', /does not match the schema/],
    ['advice that is not text', '{"advice":42}', /does not match the schema: advice/],
    ['blank advice', '{"advice":"   "}', /is empty/],
    ['advice over the limit', JSON.stringify({ advice: 'x'.repeat(301) }), /too long \(301/],
    ['advice holding the NUL character', '{"advice":"Order\\u0000 more."}', /cannot be stored/],
    ['advice holding half of a surrogate pair', '{"advice":"Order \\ud83d"}', /cannot be stored/],
  ])('rejects %s with a clear message', async (_label, content, message) => {
    server.reply({ type: 'content', content });
    await expect(advisor().advise(request)).rejects.toThrow(message);
  });

  it('rejects a reply cut off at the length limit', async () => {
    server.reply({ type: 'content', content: '{"advice":"Order 1', finishReason: 'length' });
    await expect(advisor().advise(request)).rejects.toThrow(/cut off/);
  });

  it('rejects a refusal, quoting it', async () => {
    server.reply({ type: 'refusal', refusal: 'I cannot help with that.' });
    await expect(advisor().advise(request)).rejects.toThrow(
      'OpenAI declined to advise: I cannot help with that.',
    );
  });

  it('rejects when nothing listens at the base URL, saying why', async () => {
    const closed = await startOpenAiServer();
    await closed.close();
    const subject = createOpenAiAdvisor({
      apiKey: () => Promise.resolve(KEY),
      baseURL: closed.baseURL,
      model: 'gpt-test-mini',
      timeoutMs: 2000,
    });
    await expect(subject.advise(request)).rejects.toThrow(/Connection error.*ECONNREFUSED/);
  });

  it('rejects a key the server does not accept without echoing the key', async () => {
    const failure = advisor(2000, () => Promise.resolve('sk-wrong-key')).advise(request);
    await expect(failure).rejects.toThrow(/HTTP 401 \(the API key was rejected\)/);
    await expect(failure).rejects.not.toThrow(/sk-wrong-key/);
  });

  it('takes its settings from its options only, not from OPENAI_* variables', async () => {
    const saved = { org: process.env['OPENAI_ORG_ID'], project: process.env['OPENAI_PROJECT_ID'] };
    process.env['OPENAI_ORG_ID'] = 'org-from-environment';
    process.env['OPENAI_PROJECT_ID'] = 'proj-from-environment';
    try {
      await advisor().advise(request);
    } finally {
      for (const [name, value] of [
        ['OPENAI_ORG_ID', saved.org],
        ['OPENAI_PROJECT_ID', saved.project],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(server.requests[0]?.headers['openai-organization']).toBeUndefined();
    expect(server.requests[0]?.headers['openai-project']).toBeUndefined();
  });

  it('reads the key once for several requests, including concurrent ones', async () => {
    let calls = 0;
    const subject = advisor(2000, () => {
      calls += 1;
      return Promise.resolve(KEY);
    });
    await Promise.all([subject.advise(request), subject.advise(request)]);
    await subject.advise(request);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(3);
  });

  it('reads the key again after a failed look-up, and reports the failure clearly', async () => {
    let calls = 0;
    const subject = advisor(2000, () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('secret not found')) : Promise.resolve(KEY);
    });
    await expect(subject.advise(request)).rejects.toThrow('OpenAI API key could not be read');
    await expect(subject.advise(request)).resolves.toMatchObject({ source: 'OPENAI' });
    expect(calls).toBe(2);
  });
});

describe('advisorFromEnv', () => {
  it('uses the rule advisor without OPENAI_API_KEY, sending nothing', async () => {
    const advice = await advisorFromEnv({ OPENAI_BASE_URL: server.baseURL }).advise(request);
    expect(advice.source).toBe('RULES');
    expect(advice.text).toContain('120 ea');
    expect(server.requests).toHaveLength(0);
  });

  it('treats a blank OPENAI_API_KEY as unset', async () => {
    const env = { OPENAI_API_KEY: '  ', OPENAI_BASE_URL: server.baseURL };
    await expect(advisorFromEnv(env).advise(request)).resolves.toMatchObject({ source: 'RULES' });
  });

  it('uses OpenAI with OPENAI_API_KEY, the default model and the given base URL', async () => {
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.baseURL };
    const advice = await advisorFromEnv(env).advise(request);
    expect(advice.source).toBe('OPENAI');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect((server.requests[0]?.body as SentBody).model).toBe(DEFAULT_MODEL);
  });

  it('uses OPENAI_MODEL and OPENAI_TIMEOUT_MS when set', async () => {
    server.reply({ type: 'slow', delayMs: 5000, advice: 'Too late.' });
    const env = {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'gpt-custom',
      OPENAI_TIMEOUT_MS: '250',
    };
    await expect(advisorFromEnv(env).advise(request)).rejects.toThrow(/timed out after 250 ms/);
    expect((server.requests[0]?.body as SentBody).model).toBe('gpt-custom');
  });

  it.each(['soon', '0', '-5', '1.5', '8000ms'])(
    'rejects OPENAI_TIMEOUT_MS=%s, naming the variable',
    (value) => {
      expect(() => advisorFromEnv({ OPENAI_API_KEY: KEY, OPENAI_TIMEOUT_MS: value })).toThrow(
        /OPENAI_TIMEOUT_MS/,
      );
    },
  );

  it('rejects an OPENAI_BASE_URL that is not an http(s) URL, naming the variable', () => {
    expect(() => advisorFromEnv({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'localhost:1' })).toThrow(
      /OPENAI_BASE_URL/,
    );
  });
});
