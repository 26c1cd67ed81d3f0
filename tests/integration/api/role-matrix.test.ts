import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedFields } from '../../../cloud/api/handler';
import { roleRank } from '../../../cloud/app/operation';
import { operations, systemOperations } from '../../../cloud/app/operations';
import { fixture, mutationCases } from './cases';
import type { Api, ChangeSet, Client } from './harness';
import { client, data, expectError, openApi, roleNames, tenant, userIdentity } from './harness';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

describe('who may run each mutation', () => {
  for (const c of mutationCases) {
    const least = operations[c.field].role;
    for (const role of roleNames) {
      const allowed = roleRank[role] >= roleRank[least];
      it(`${c.field} by a ${role} is ${allowed ? 'allowed' : 'Forbidden and writes nothing'}`, async () => {
        const t = tenant(api);
        const input = await c.input(fixture(t), t);
        const before = await t.dump();

        const result = await t.as(role).mutate(c.field, input);

        if (allowed) {
          expect(data<ChangeSet>(result).events.length).toBeGreaterThan(0);
          expect(await t.dump()).not.toEqual(before);
        } else {
          const error = expectError(result, 'Forbidden');
          expect(error.message).toContain(c.field);
          expect(error.message).toContain(least);
          expect(await t.dump()).toEqual(before);
        }
      });
    }
  }
});

describe('operations only the backend runs', () => {
  it('are not mutations of the API: even an admin gets an unknown-field error and nothing is written', async () => {
    const names = Object.keys(systemOperations);
    expect(names.length).toBeGreaterThan(0);
    const t = tenant(api);
    const before = await t.dump();
    for (const name of names) {
      expect(servedFields.Mutation as readonly string[]).not.toContain(name);
      expectError(await t.admin.mutate(name, {}), 'ValidationError', 'field');
    }
    expect(await t.dump()).toEqual(before);
  });
});

describe('callers who may not use the API at all', () => {
  const everyField = [
    ...servedFields.Query.map((field) => ({ parent: 'Query' as const, field })),
    ...mutationCases.map((c) => ({ parent: 'Mutation' as const, field: c.field })),
  ];

  const call = (caller: Client, parent: 'Query' | 'Mutation', field: string) =>
    parent === 'Query' ? caller.query(field) : caller.mutate(field, {});

  it('refuses a signed-in user with no Stock-Mate role group as Forbidden, everywhere', async () => {
    const t = tenant(api);
    const before = await t.dump();
    for (const groups of [[], ['staff'], ['Admins']]) {
      const noRole = client(api, userIdentity(t.tenantId, groups));
      for (const { parent, field } of everyField) {
        expectError(await call(noRole, parent, field), 'Forbidden');
      }
    }
    expect(await t.dump()).toEqual(before);
  });

  it('refuses a signed-in user without a tenant claim as Forbidden, everywhere', async () => {
    const t = tenant(api);
    const noTenant = client(api, userIdentity(null, ['admin']));
    const emptyTenant = client(api, {
      ...userIdentity(t.tenantId, ['admin']),
      claims: { sub: 'u-1', 'custom:tenant_id': '', 'cognito:groups': ['admin'] },
    });
    for (const { parent, field } of everyField) {
      expectError(await call(noTenant, parent, field), 'Forbidden');
      expectError(await call(emptyTenant, parent, field), 'Forbidden');
    }
  });

  it('refuses a request with no identity as Unauthorized, everywhere', async () => {
    const anonymous = client(api, null);
    for (const { parent, field } of everyField) {
      expectError(await call(anonymous, parent, field), 'Unauthorized');
    }
  });

  it('refuses a token that names no user as Unauthorized', async () => {
    const t = tenant(api);
    const nobody = client(api, {
      claims: { 'custom:tenant_id': t.tenantId, 'cognito:groups': ['admin'] },
    });
    expectError(await nobody.query('me'), 'Unauthorized');
  });
});

describe('how a caller’s role is read', () => {
  it('takes the highest Stock-Mate role among several groups', async () => {
    const t = tenant(api);
    const caller = client(api, userIdentity(t.tenantId, ['viewer', 'staff', 'manager', 'clerk']));
    expect(data<{ role: string }>(await caller.query('me')).role).toBe('MANAGER');
    expect(
      data<ChangeSet>(await caller.mutate('createWarehouse', { code: 'W-1', name: 'One' }))
        .warehouses,
    ).toHaveLength(1);
  });

  it('reads groups from the cognito:groups claim when the identity carries none', async () => {
    const t = tenant(api);
    const identity = userIdentity(t.tenantId, ['clerk']);
    const caller = client(api, { ...identity, groups: null });
    expect(data<{ role: string }>(await caller.query('me')).role).toBe('CLERK');
  });

  it('matches role groups regardless of their case', async () => {
    const t = tenant(api);
    const caller = client(api, userIdentity(t.tenantId, ['Viewer']));
    expect(data<{ role: string }>(await caller.query('me')).role).toBe('VIEWER');
    expectError(await caller.mutate('createWarehouse', { code: 'W-1', name: 'One' }), 'Forbidden');
  });

  it('lets every role read every query', async () => {
    const t = tenant(api);
    for (const role of roleNames) {
      const caller = t.as(role);
      for (const field of [
        'me',
        'products',
        'warehouses',
        'suppliers',
        'stockLevels',
        'lowStock',
        'movements',
        'reservations',
        'purchaseOrders',
      ]) {
        expect('data' in (await caller.query(field)), `${role} ${field}`).toBe(true);
      }
    }
  });
});
