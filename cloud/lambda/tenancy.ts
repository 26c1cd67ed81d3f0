/**
 * How a signed-in user gets a tenant. A user who is already a member keeps that membership. A new
 * user whose verified email is at an organisation's domain joins that organisation's tenant; one
 * at a public mail provider (or without a verified email) gets a personal tenant. The first member
 * of a tenant becomes its admin; later members join as viewers (least privilege until the
 * membership's role is raised; the README's deployment section says how).
 */
import { createHash } from 'node:crypto';
import type { Role } from '../app/operation';
import type { Database } from '../db/port';

/** Mail providers anyone can sign up with: their domain says nothing about an organisation. */
// prettier-ignore
export const publicMailDomains: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com',
  'msn.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'icloud.com', 'me.com',
  'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net',
  'web.de', 'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com',
  'fastmail.com', 'tutanota.com', 'hey.com', 'free.fr', 'orange.fr', 'libero.it',
]);

export interface SignedInUser {
  /** The user's stable id (Cognito's `sub`). */
  readonly userId: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
}

export interface TenantChoice {
  readonly tenantId: string;
  readonly name: string;
  readonly kind: 'organisation' | 'personal';
}

export interface Membership {
  readonly tenantId: string;
  readonly role: Role;
}

const domainOf = (email: string | null): string | null => {
  const domain = email?.split('@').pop()?.trim().toLowerCase() ?? '';
  if (email === null || !email.includes('@')) return null;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
};

/** The tenant a new user belongs to (tenant ids are 1-64 of letters, digits, _ and -). */
export const tenantFor = (user: SignedInUser): TenantChoice => {
  const domain = user.emailVerified ? domainOf(user.email) : null;
  if (domain !== null && !publicMailDomains.has(domain)) {
    // Readable, and distinct: `foo-bar.com` and `foo.bar.com` share a slug but not a hash.
    const slug = domain.replace(/[^a-z0-9]+/g, '-').slice(0, 44);
    const hash = createHash('sha256').update(domain).digest('hex').slice(0, 8);
    return { tenantId: `org-${slug}-${hash}`, name: domain, kind: 'organisation' };
  }
  const id = user.userId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 59);
  return { tenantId: `user-${id}`, name: user.email ?? 'Personal', kind: 'personal' };
};

/** Whether a new user may join at all, when the deployment limits sign-up to some domains. */
export const mayJoin = (user: SignedInUser, allowedDomains: readonly string[]): boolean => {
  if (allowedDomains.length === 0) return true;
  const domain = user.emailVerified ? domainOf(user.email) : null;
  return domain !== null && allowedDomains.includes(domain);
};

/**
 * The user's membership, creating it (and its tenant) on first sign-in. Concurrent first
 * sign-ins to one tenant are serialised by an advisory lock, so exactly one becomes admin.
 */
export const membershipFor = (
  db: Database,
  user: SignedInUser,
  allowedDomains: readonly string[] = [],
): Promise<Membership> =>
  db.system(async (tx) => {
    const existing = await tx.one<Membership>(
      `SELECT tenant_id AS "tenantId", role FROM memberships WHERE user_id = :user
       ORDER BY created_at, tenant_id LIMIT 1`,
      { user: user.userId },
    );
    if (existing !== null) return existing;
    if (!mayJoin(user, allowedDomains))
      throw new Error('this Stock-Mate accepts sign-ins from invited organisations only');
    const tenant = tenantFor(user);
    await tx.run('SELECT pg_advisory_xact_lock(hashtext(:tenant))::text', {
      tenant: tenant.tenantId,
    });
    await tx.run(
      `INSERT INTO tenants (tenant_id, name) VALUES (:tenant, :name) ON CONFLICT DO NOTHING`,
      { tenant: tenant.tenantId, name: tenant.name },
    );
    await tx.run(
      `INSERT INTO memberships (tenant_id, user_id, email, role)
       SELECT :tenant, :user, :email,
         CASE WHEN EXISTS (SELECT 1 FROM memberships WHERE tenant_id = :tenant) THEN 'viewer' ELSE 'admin' END
       ON CONFLICT (tenant_id, user_id) DO NOTHING`,
      { tenant: tenant.tenantId, user: user.userId, email: user.email },
    );
    const created = await tx.one<Membership>(
      `SELECT tenant_id AS "tenantId", role FROM memberships WHERE tenant_id = :tenant AND user_id = :user`,
      { tenant: tenant.tenantId, user: user.userId },
    );
    if (created === null) throw new Error(`could not record the membership of ${user.userId}`);
    return created;
  });
