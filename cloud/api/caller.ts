import { forbidden, unauthorized } from '../../shared';
import type { Role } from '../app/operation';
import { roleRank } from '../app/operation';

/** The claim that carries the user's tenant in the access token (Cognito, or the local issuer). */
export const TENANT_CLAIM = 'custom:tenant_id';

/** Who is calling: a signed-in user of a tenant, or the backend itself (IAM). */
export type Caller =
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly username: string;
      readonly tenantId: string;
      readonly role: Role;
    }
  | { readonly kind: 'backend'; readonly principal: string };

/** The identity part of an AppSync resolver event, for user pools and for IAM. */
export interface Identity {
  readonly sub?: string;
  readonly username?: string;
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly groups?: readonly string[] | null;
  readonly userArn?: string;
  readonly accountId?: string;
}

const roles = Object.keys(roleRank) as Role[];

/** The highest Stock-Mate role among the user's groups. */
export const roleOf = (groups: readonly unknown[]): Role | null =>
  roles
    .filter((r) => groups.some((g) => typeof g === 'string' && g.toLowerCase() === r))
    .sort((a, b) => roleRank[b] - roleRank[a])[0] ?? null;

/** Reads the caller from a resolver event's identity; refuses callers without tenant or role. */
export const callerOf = (identity: Identity | null | undefined): Caller => {
  if (identity === null || identity === undefined) throw unauthorized('sign in first');
  if (identity.userArn !== undefined && identity.claims === undefined) {
    return { kind: 'backend', principal: identity.userArn };
  }
  const claims = identity.claims ?? {};
  const userId = identity.sub ?? (typeof claims['sub'] === 'string' ? claims['sub'] : undefined);
  if (userId === undefined) throw unauthorized('the token names no user');
  const tenantId = claims[TENANT_CLAIM];
  if (typeof tenantId !== 'string' || tenantId === '')
    throw forbidden('you are not a member of any tenant yet');
  const rawGroups = identity.groups ?? claims['cognito:groups'];
  const role = roleOf(Array.isArray(rawGroups) ? (rawGroups as unknown[]) : []);
  if (role === null) throw forbidden('you have no role in this tenant');
  const username =
    identity.username ?? (typeof claims['username'] === 'string' ? claims['username'] : userId);
  return { kind: 'user', userId, username, tenantId, role };
};

/** Refuses a user whose role is below `least`. */
export const requireRole = (
  caller: Caller,
  least: Role,
  action: string,
): Extract<Caller, { kind: 'user' }> => {
  if (caller.kind !== 'user') throw forbidden(`${action} is for signed-in users`);
  if (roleRank[caller.role] < roleRank[least]) {
    throw forbidden(
      `${action} needs the ${least} role; you are ${caller.role === 'admin' ? 'an' : 'a'} ${caller.role}`,
    );
  }
  return caller;
};
