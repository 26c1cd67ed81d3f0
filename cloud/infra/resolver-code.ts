/**
 * The API's resolver code (AppSync's APPSYNC_JS runtime), kept as text so the stack inlines it
 * and the tests can run it. APPSYNC_JS has no `throw`: `util.error` and `util.unauthorized` end
 * the resolver. The runtime is a subset of JavaScript, so the code avoids newer syntax.
 */
import { TENANT_CLAIM } from '../api/caller';

/**
 * Queries and mutations: sends the event the shared handler reads to the resolver Lambda, and
 * turns its `{ error }` result into an AppSync error with the handler's type and field details.
 */
export const lambdaResolverCode = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'Invoke',
    payload: {
      arguments: ctx.arguments,
      identity: ctx.identity,
      info: {
        fieldName: ctx.info.fieldName,
        parentTypeName: ctx.info.parentTypeName,
        selectionSetList: ctx.info.selectionSetList,
      },
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error('the request could not be completed; try again', 'Internal');
  }
  const result = ctx.result;
  if (result && result.error) {
    util.error(result.error.message, result.error.errorType, null, result.error.errorInfo);
  }
  return result ? result.data : null;
}
`;

/** The publish mutations (NONE data source): the input is the result that subscribers get. */
export const publishResolverCode = `export function request(ctx) {
  return { payload: ctx.arguments.input };
}

export function response(ctx) {
  return ctx.result;
}
`;

/** Subscriptions (NONE data source): a user may subscribe only with their own tenant's id. */
export const subscriptionResolverCode = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const claims = (ctx.identity && ctx.identity.claims) || {};
  const tenantId = claims['${TENANT_CLAIM}'];
  if (!tenantId || ctx.arguments.tenantId !== tenantId) {
    util.unauthorized();
  }
  return { payload: null };
}

export function response(ctx) {
  return null;
}
`;
