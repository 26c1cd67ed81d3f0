/**
 * The cloud's database login users: one read-write (member of stockmate_app and stockmate_reader)
 * for mutations, workflows and triggers, one read-only (stockmate_reader) for queries. Their names
 * and passwords live in Secrets Manager; the migration resource creates or updates them, so a new
 * secret version takes effect on the next deploy. The password never appears in SQL text: it is
 * passed as a bound parameter and quoted by PostgreSQL's own format('%L').
 */
import { roles } from '../db/database';
import type { Driver } from '../db/port';

/** The roles a login may be given; the migrations create them. */
export const grantableRoles: readonly string[] = [roles.app, roles.reader];

export interface Login {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly string[];
}

const USERNAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads `{ username, password }` from a database secret's JSON (as RDS secrets store them). */
export const loginFromSecret = (secretText: string, loginRoles: readonly string[]): Login => {
  let parsed: { username?: unknown; password?: unknown };
  try {
    parsed = JSON.parse(secretText) as typeof parsed;
  } catch {
    throw new Error('a database user secret must be JSON with username and password');
  }
  const { username, password } = parsed;
  if (typeof username !== 'string' || !USERNAME.test(username))
    throw new Error('a database user secret needs a username of lower-case letters, digits and _');
  if (typeof password !== 'string' || password.length < 8)
    throw new Error(
      `the secret of database user ${username} needs a password of 8 characters or more`,
    );
  const unknown = loginRoles.filter((r) => !grantableRoles.includes(r));
  if (unknown.length > 0 || loginRoles.length === 0)
    throw new Error(`database user ${username} may be given only ${grantableRoles.join(' and ')}`);
  return { username, password, roles: loginRoles };
};

// Runs inside one transaction after the settings below are made; names are quoted with %I.
const ENSURE_LOGIN = `DO $$
DECLARE
  login text := current_setting('stockmate.login_name');
  wanted text[] := string_to_array(current_setting('stockmate.login_roles'), ',');
  grantable text;
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', login, current_setting('stockmate.login_password'));
  ELSE
    EXECUTE format('CREATE ROLE %I WITH LOGIN PASSWORD %L', login, current_setting('stockmate.login_password'));
  END IF;
  FOREACH grantable IN ARRAY ARRAY['stockmate_app', 'stockmate_reader'] LOOP
    IF grantable = ANY (wanted) THEN
      EXECUTE format('GRANT %I TO %I', grantable, login);
    ELSE
      EXECUTE format('REVOKE %I FROM %I', grantable, login);
    END IF;
  END LOOP;
END
$$`;

/** Creates the login or updates its password, and makes its role memberships exactly `roles`. */
export const ensureLogin = (driver: Driver, login: Login): Promise<void> =>
  driver.transaction(async (c) => {
    await c.execute(
      `SELECT set_config('stockmate.login_name', :name, true),
              set_config('stockmate.login_password', :password, true),
              set_config('stockmate.login_roles', :roles, true)`,
      { name: login.username, password: login.password, roles: login.roles.join(',') },
    );
    await c.execute(ENSURE_LOGIN, {});
    // Settings made with is_local=true end with the transaction; clear them anyway.
    await c.execute(`SELECT set_config('stockmate.login_password', '', true)`, {});
  }, null);
