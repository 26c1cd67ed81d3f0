/**
 * Who a request comes from, in the shapes AppSync puts in a resolver event's `identity`.
 */
import type { Identity } from '../api/caller';
import type { AuthContext } from './directives';
import type { AccessClaims } from './contracts';

/** A resolver event's identity for a user-pool caller, as AppSync fills it in. */
export interface UserPoolIdentity extends Identity {
  readonly sub: string;
  readonly username: string;
  readonly issuer: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly groups: readonly string[];
  readonly sourceIp: readonly string[];
  readonly defaultAuthStrategy: 'ALLOW';
}

/** A resolver event's identity for an IAM caller. */
export interface IamIdentity extends Identity {
  readonly userArn: string;
  readonly accountId: string;
}

/** The caller of one operation: the event identity plus what field authorization looks at. */
export interface CallerContext {
  readonly identity: UserPoolIdentity | IamIdentity;
  readonly auth: AuthContext;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** The local backend itself, calling the publish mutations as AppSync's IAM callers do. */
export const backendIdentity: IamIdentity = {
  userArn: 'arn:aws:iam::000000000000:role/stockmate-local-backend',
  accountId: '000000000000',
};

/** The caller context of the backend itself. */
export const backendCaller: CallerContext = {
  identity: backendIdentity,
  auth: { mode: 'iam', groups: [] },
  headers: {},
};

/** A user-pool caller from verified token claims; nothing from the request can make it IAM. */
export const userPoolCaller = (
  claims: AccessClaims,
  sourceIp: string | undefined,
  headers: Readonly<Record<string, string | undefined>>,
): CallerContext => {
  const groups = [...claims['cognito:groups']];
  return {
    identity: {
      sub: claims.sub,
      username: claims.username,
      issuer: claims.iss,
      claims: { ...claims },
      groups,
      sourceIp: sourceIp === undefined ? [] : [sourceIp],
      defaultAuthStrategy: 'ALLOW',
    },
    auth: { mode: 'userPool', groups },
    headers,
  };
};

/** The raw token from an Authorization value: Amplify sends it bare, others as `Bearer <token>`. */
export const tokenFromAuthorization = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const token = value.trim().replace(/^Bearer\s+/i, '');
  return token === '' ? null : token;
};
