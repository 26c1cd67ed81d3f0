/**
 * The APPSYNC_JS resolver code, run in a V8 context with a stand-in for `@aws-appsync/utils`
 * whose `util.error` and `util.unauthorized` end the resolver by throwing, as AppSync's do.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  lambdaResolverCode,
  publishResolverCode,
  subscriptionResolverCode,
} from '../../../cloud/infra/resolver-code';

type Handler = (ctx: Record<string, unknown>) => unknown;

const load = (code: string): { request: Handler; response: Handler } => {
  // AppSync ends the resolver with what util.error reports; a plain object keeps it comparable.
  const util = {
    error: (message: string, errorType: string, data: unknown, errorInfo: unknown) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- mimics AppSync's report
      throw { kind: 'error', message, errorType, data, errorInfo };
    },
    unauthorized: () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- mimics AppSync's report
      throw { kind: 'unauthorized' };
    },
  };
  const script = `${code
    .replace(/^import .*$/gm, '')
    .replace(/^export function/gm, 'function')}\n({ request, response });`;
  return runInNewContext(script, { util }) as { request: Handler; response: Handler };
};

const outcome = (run: () => unknown) => {
  try {
    return { returned: run() };
  } catch (thrown) {
    return { thrown };
  }
};

describe('the Lambda resolver code', () => {
  const { request, response } = load(lambdaResolverCode);

  it('sends the handler the arguments, identity and field, and nothing of the request headers', () => {
    const identity = { sub: 'u-1', claims: { 'custom:tenant_id': 't-1' } };
    const payload = request({
      arguments: { productId: 'p-1' },
      identity,
      info: {
        fieldName: 'product',
        parentTypeName: 'Query',
        selectionSetList: ['sku'],
        variables: {},
      },
      request: { headers: { authorization: 'secret token' } },
    });
    expect(payload).toEqual({
      operation: 'Invoke',
      payload: {
        arguments: { productId: 'p-1' },
        identity,
        info: { fieldName: 'product', parentTypeName: 'Query', selectionSetList: ['sku'] },
      },
    });
  });

  it("turns the handler's typed error into an AppSync error with its type and field details", () => {
    const errorInfo = { fields: [{ field: 'quantity', message: 'must be positive' }] };
    expect(
      outcome(() =>
        response({
          result: {
            error: {
              errorType: 'ValidationError',
              message: 'quantity must be positive',
              errorInfo,
            },
          },
        }),
      ),
    ).toEqual({
      thrown: {
        kind: 'error',
        message: 'quantity must be positive',
        errorType: 'ValidationError',
        data: null,
        errorInfo,
      },
    });
  });

  it('returns the data of a successful call', () => {
    expect(outcome(() => response({ result: { data: { onHand: 3 } } }))).toEqual({
      returned: { onHand: 3 },
    });
  });

  it('reports a failed invocation as Internal without passing on its details', () => {
    const result = outcome(() =>
      response({
        error: { message: 'Task timed out after 30.00 seconds', type: 'Lambda:Unhandled' },
      }),
    );
    expect(result).toMatchObject({ thrown: { kind: 'error', errorType: 'Internal' } });
    expect(JSON.stringify(result)).not.toContain('timed out');
  });
});

describe('the publish resolver code', () => {
  const { request, response } = load(publishResolverCode);

  it('resolves the mutation to its input, which is what subscribers receive', () => {
    const input = { tenantId: 't-1', eventId: 'e-1', levels: [] };
    const sent = request({ arguments: { input } }) as { payload: unknown };
    expect(sent).toEqual({ payload: input });
    expect(response({ result: sent.payload })).toEqual(input);
  });
});

describe('the subscription resolver code', () => {
  const { request } = load(subscriptionResolverCode);
  const asTenant = (tenantId: string | undefined, subscribedTo: string) => ({
    arguments: { tenantId: subscribedTo },
    identity: {
      sub: 'u-1',
      claims: tenantId === undefined ? {} : { 'custom:tenant_id': tenantId },
    },
  });

  it("lets a user subscribe to their own tenant's updates", () => {
    expect(outcome(() => request(asTenant('t-1', 't-1')))).toEqual({ returned: { payload: null } });
  });

  it("refuses a subscription to another tenant's updates", () => {
    expect(outcome(() => request(asTenant('t-1', 't-2')))).toEqual({
      thrown: { kind: 'unauthorized' },
    });
  });

  it('refuses a user whose token carries no tenant', () => {
    expect(outcome(() => request(asTenant(undefined, 't-1')))).toEqual({
      thrown: { kind: 'unauthorized' },
    });
  });
});

describe('the resolver code as a whole', () => {
  it.each([
    ['lambda', lambdaResolverCode],
    ['publish', publishResolverCode],
    ['subscription', subscriptionResolverCode],
  ])(
    'keeps the %s resolver inside the APPSYNC_JS subset (no throw, try, async, ?. or ??)',
    (_name, code) => {
      expect(code).not.toMatch(
        /\bthrow\s|\btry\s*\{|\basync\s|\bawait\s|\?\.|\?\?|\bclass\s|\bwhile\s*\(/,
      );
    },
  );
});
