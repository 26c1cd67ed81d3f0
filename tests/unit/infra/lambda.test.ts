import { describe, expect, it } from 'vitest';
import { parseResolverEvent } from '../../../cloud/lambda/api';
import { envNames, required } from '../../../cloud/lambda/env';
import { createKicker } from '../../../cloud/lambda/kick';
import { loginFromSecret } from '../../../cloud/lambda/logins';
import { nightlyExecutionName } from '../../../cloud/lambda/nightly';
import { allowedDomains } from '../../../cloud/lambda/pre-token';
import { taskOf } from '../../../cloud/lambda/tasks';
import { mayJoin, tenantFor } from '../../../cloud/lambda/tenancy';

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

describe('the functions’ environment', () => {
  it('fails fast naming a variable that is missing or malformed', () => {
    expect(() => required({}, envNames.clusterArn)).toThrow(/^DB_CLUSTER_ARN is not set/);
    expect(() =>
      required({ DB_CLUSTER_ARN: 'my-cluster' }, envNames.clusterArn, {
        pattern: /^arn:/,
        description: 'an ARN',
      }),
    ).toThrow('DB_CLUSTER_ARN must be an ARN, got "my-cluster"');
  });

  it('runs only a task the state machines know', () => {
    expect(taskOf({ TASK_NAME: 'Notify' })).toBe('Notify');
    expect(() => taskOf({ TASK_NAME: 'DropTables' })).toThrow(
      /TASK_NAME must be one of AnalyseIssues, .*; got DropTables/,
    );
  });

  it('reads the sign-up domains, an empty setting allowing everyone', () => {
    expect(allowedDomains({ ALLOWED_EMAIL_DOMAINS: 'acme.com,acme.co.uk' })).toEqual([
      'acme.com',
      'acme.co.uk',
    ]);
    expect(allowedDomains({ ALLOWED_EMAIL_DOMAINS: '' })).toEqual([]);
    expect(() => allowedDomains({ ALLOWED_EMAIL_DOMAINS: 'ACME.com; evil' })).toThrow(
      /ALLOWED_EMAIL_DOMAINS/,
    );
  });
});

describe('choosing a new user’s tenant', () => {
  const user = (email: string | null, emailVerified = true) => ({
    userId: 'b1c2d3e4-0000-4000-8000-000000000001',
    email,
    emailVerified,
  });

  it('puts colleagues with verified emails at one organisation’s domain in one tenant', () => {
    const ana = tenantFor(user('ana@acme.co.uk'));
    expect(ana).toMatchObject({ kind: 'organisation', name: 'acme.co.uk' });
    expect(tenantFor({ ...user('Bo@ACME.co.uk'), userId: 'other' }).tenantId).toBe(ana.tenantId);
    expect(ana.tenantId).toMatch(TENANT_ID);
  });

  it('keeps look-alike domains apart', () => {
    expect(tenantFor(user('a@foo-bar.com')).tenantId).not.toBe(
      tenantFor(user('a@foo.bar.com')).tenantId,
    );
  });

  it('gives a personal tenant to public mail addresses and unverified emails', () => {
    expect(tenantFor(user('ana@gmail.com'))).toMatchObject({
      kind: 'personal',
      tenantId: 'user-b1c2d3e4-0000-4000-8000-000000000001',
    });
    expect(tenantFor(user('ana@acme.com', false)).kind).toBe('personal');
    expect(tenantFor(user(null)).kind).toBe('personal');
  });

  it('admits only verified emails at the allowed domains when sign-up is limited', () => {
    expect(mayJoin(user('ana@acme.com'), [])).toBe(true);
    expect(mayJoin(user('ana@acme.com'), ['acme.com'])).toBe(true);
    expect(mayJoin(user('ana@acme.com', false), ['acme.com'])).toBe(false);
    expect(mayJoin(user('ana@gmail.com'), ['acme.com'])).toBe(false);
  });
});

describe('the nightly run names', () => {
  it('fit Step Functions (80 characters) and stay distinct per tenant and day', () => {
    const long = `org-${'a'.repeat(44)}-1234abcd`;
    const other = `org-${'a'.repeat(44)}-9999ffff`;
    const name = nightlyExecutionName(long, '2031-01-06');
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^usage-analysis-nightly-2031-01-06-/);
    expect(name).not.toBe(nightlyExecutionName(other, '2031-01-06'));
    expect(name).not.toBe(nightlyExecutionName(long, '2031-01-07'));
    expect(nightlyExecutionName(long, '2031-01-06')).toBe(name);
  });
});

describe('the login users', () => {
  it('take their name and password from the secret and only the project’s roles', () => {
    const secret = JSON.stringify({
      username: 'stockmate_rw',
      password: 'a-long-password',
      host: 'h',
    });
    expect(loginFromSecret(secret, ['stockmate_app', 'stockmate_reader'])).toEqual({
      username: 'stockmate_rw',
      password: 'a-long-password',
      roles: ['stockmate_app', 'stockmate_reader'],
    });
    expect(() => loginFromSecret(secret, ['rds_superuser'])).toThrow(
      /may be given only stockmate_app and stockmate_reader/,
    );
    expect(() =>
      loginFromSecret(JSON.stringify({ username: 'x"; DROP', password: 'a-long-password' }), [
        'stockmate_reader',
      ]),
    ).toThrow(/username/);
    expect(() => loginFromSecret('not json', ['stockmate_reader'])).toThrow(/must be JSON/);
  });
});

describe('the resolver event', () => {
  it('keeps what the handler reads and refuses what is not a resolver event', () => {
    expect(
      parseResolverEvent({
        arguments: { limit: 5 },
        identity: { sub: 'u' },
        info: { fieldName: 'products', parentTypeName: 'Query', selectionSetList: ['items'] },
      }),
    ).toEqual({
      arguments: { limit: 5 },
      identity: { sub: 'u' },
      info: { fieldName: 'products', parentTypeName: 'Query', selectionSetList: ['items'] },
    });
    expect(parseResolverEvent({ Records: [] })).toBeNull();
  });
});

describe('the relay kick', () => {
  it('folds the kicks of one invocation into one call and never throws', async () => {
    let calls = 0;
    const logged: string[] = [];
    const kicker = createKicker(
      async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('Lambda is down');
      },
      (message) => logged.push(message),
    );
    kicker.kick();
    kicker.kick();
    await kicker.settle(1000);
    expect(calls).toBe(1);
    expect(logged).toEqual(['could not kick the outbox relay; the sweep will']);
  });

  it('waits for a slow kick no longer than asked', async () => {
    const kicker = createKicker(
      () => new Promise<void>((r) => setTimeout(r, 2000)),
      () => undefined,
    );
    kicker.kick();
    const started = Date.now();
    await kicker.settle(50);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
