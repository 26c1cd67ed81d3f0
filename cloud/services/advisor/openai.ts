/**
 * The OpenAI advisor: Chat Completions with a strict JSON schema, grounded in the request's
 * figures. Every failure becomes an AdvisorError the workflow can log and notify without advice;
 * the client never retries, because the workflow's Retry policy owns retries.
 */
import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { z } from 'zod';
import { storableText } from '../../../shared';
import type { Advice, AdviceRequest, Advisor } from './port';
import { AdvisorError } from './port';

export interface OpenAiAdvisorOptions {
  /** Resolves the API key (Secrets Manager in the cloud); called once per advisor. */
  readonly apiKey: () => Promise<string>;
  readonly baseURL?: string;
  readonly model: string;
  readonly timeoutMs: number;
}

export const MAX_ADVICE_CHARS = 300;

export const SYSTEM_PROMPT = [
  'You advise the manager of a stockroom about one product problem found by an inventory analysis.',
  `Reply with one to three short, plain sentences (at most ${MAX_ADVICE_CHARS} characters in total) saying what to do and why.`,
  "Ground every statement in the figures in the user's message and quote them with the product's unit.",
  'Never invent, estimate or assume a figure, date, supplier or order that is not given; simple arithmetic on the given figures is allowed.',
  'A figure that is missing or null is unknown: leave it out.',
  'Kinds: LOW_STOCK (at or below the reorder point), STOCKOUT (nothing available), OVERSTOCK (above the maximum),',
  'PO_SUGGESTED (a purchase order is suggested), PO_POSTPONED (postponing an open purchase order is suggested).',
  'Figures: quantities are in the product unit; dailyDemand is units per day; leadTimeDays and daysOfCover are days;',
  'expectedAt and suggestedExpectedAt are dates (YYYY-MM-DD).',
].join('\n');

/** The structured output format; the length limit is stated, then checked here (see validate). */
export const RESPONSE_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'operator_advice',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        advice: {
          type: 'string',
          description: `One to three short sentences, at most ${MAX_ADVICE_CHARS} characters.`,
        },
      },
      required: ['advice'],
      additionalProperties: false,
    },
  },
} as const;

const Reply = z.strictObject({ advice: z.string() });

/** The model's JSON content → advice text, or an AdvisorError saying what was wrong. */
const validate = (content: string): string => {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new AdvisorError('OpenAI advice reply is not valid JSON', { cause: error });
  }
  const parsed = Reply.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AdvisorError(
      `OpenAI advice reply does not match the schema: ${issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`}`,
    );
  }
  // Notifications are one block of text; newlines from the model would only break the layout.
  const text = parsed.data.advice.replace(/\s+/g, ' ').trim();
  if (text === '') throw new AdvisorError('OpenAI advice reply is empty');
  if (!storableText(text)) {
    throw new AdvisorError(
      'OpenAI advice reply holds the NUL character or half of a surrogate pair, which cannot be stored',
    );
  }
  if (text.length > MAX_ADVICE_CHARS) {
    throw new AdvisorError(
      `OpenAI advice reply is too long (${text.length} characters, limit ${MAX_ADVICE_CHARS})`,
    );
  }
  return text;
};

const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: 'the API key was rejected',
  403: 'access denied',
  404: 'unknown model or endpoint',
  429: 'rate limited',
};

/** A client error → a message that says what happened, never the key. */
const describe = (error: unknown, timeoutMs: number): AdvisorError => {
  // The client's timeout spans the whole exchange, headers and body.
  if (error instanceof APIConnectionTimeoutError) {
    return new AdvisorError(`OpenAI advice request timed out after ${timeoutMs} ms`, {
      cause: error,
    });
  }
  // `instanceof` leaves the generic status as `any`; the default parameters type it.
  const apiError: APIError | undefined = error instanceof APIError ? error : undefined;
  const status = apiError?.status;
  if (apiError !== undefined && status !== undefined) {
    const hint = STATUS_HINTS[status] ?? (status >= 500 ? 'server error' : undefined);
    return new AdvisorError(
      `OpenAI advice request failed with HTTP ${status}${hint === undefined ? '' : ` (${hint})`}: ${apiError.message.replace(/^\d{3} /, '')}`,
      { cause: error },
    );
  }
  // A connection error's own message is generic; the innermost cause says what failed.
  let root: unknown = error;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  const reason = error instanceof Error ? error.message : String(error);
  const detail = root !== error && root instanceof Error ? ` (${root.message})` : '';
  return new AdvisorError(`OpenAI advice request failed: ${reason}${detail}`, { cause: error });
};

/** An Advisor backed by OpenAI's Chat Completions API with structured JSON output. */
export const createOpenAiAdvisor = (options: OpenAiAdvisorOptions): Advisor => {
  let client: Promise<OpenAI> | undefined;

  // One key look-up per advisor, shared by concurrent calls; a failed look-up is forgotten so
  // the workflow's retry can try again.
  const connect = (): Promise<OpenAI> => {
    client ??= options
      .apiKey()
      .then((apiKey) => {
        if (typeof apiKey !== 'string' || apiKey.trim() === '') {
          throw new AdvisorError('OpenAI API key is empty');
        }
        return new OpenAI({
          apiKey: apiKey.trim(),
          // Explicit nulls stop the client from falling back to OPENAI_* environment variables.
          baseURL: options.baseURL ?? null,
          organization: null,
          project: null,
          adminAPIKey: null,
          webhookSecret: null,
          timeout: options.timeoutMs,
          maxRetries: 0,
        });
      })
      .catch((error: unknown) => {
        client = undefined;
        throw error instanceof AdvisorError
          ? error
          : new AdvisorError('OpenAI API key could not be read', { cause: error });
      });
    return client;
  };

  const advise = async (request: AdviceRequest): Promise<Advice> => {
    const openai = await connect();
    const completion = await openai.chat.completions
      .create({
        model: options.model,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          {
            role: 'user',
            content: JSON.stringify({
              kind: request.kind,
              product: request.product,
              numbers: request.numbers,
            }),
          },
        ],
        response_format: RESPONSE_FORMAT,
      })
      .catch((error: unknown) => {
        throw describe(error, options.timeoutMs);
      });
    // The body is typed by the client but not checked by it; a broken proxy could send anything.
    const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
    const message = choice?.message;
    if (choice === undefined || message === undefined || message === null) {
      throw new AdvisorError('OpenAI advice reply has no message');
    }
    if (typeof message.refusal === 'string' && message.refusal !== '') {
      throw new AdvisorError(`OpenAI declined to advise: ${message.refusal}`);
    }
    if (choice.finish_reason === 'length') {
      throw new AdvisorError('OpenAI advice reply was cut off at the length limit');
    }
    if (choice.finish_reason === 'content_filter') {
      throw new AdvisorError('OpenAI advice reply was withheld by the content filter');
    }
    if (typeof message.content !== 'string') {
      throw new AdvisorError('OpenAI advice reply has no content');
    }
    return { text: validate(message.content), source: 'OPENAI' };
  };

  return { advise };
};
