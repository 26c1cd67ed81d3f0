/**
 * A tenant with a command service and short helpers, for tests and benchmarks.
 */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../cloud/app/execute';
import { createCommandService } from '../../cloud/app/execute';
import type { OperationName } from '../../cloud/app/operations';
import type { Clock } from '../../cloud/app/ports';
import { randomIds, systemClock } from '../../cloud/app/ports';
import type { Database } from '../../cloud/db/port';

export const scenario = (
  db: Database,
  options: { tenantId?: string; clock?: Clock; actor?: string } = {},
) => {
  const tenantId = options.tenantId ?? `t-${randomUUID().slice(0, 8)}`;
  const service = createCommandService({ db, clock: options.clock ?? systemClock, ids: randomIds });
  const context = (extra: Partial<CommandContext> = {}): CommandContext => ({
    tenantId,
    actor: options.actor ?? 'user-1',
    idempotencyKey: `key-${randomUUID()}`,
    ...extra,
  });
  const run = (name: OperationName, input: unknown, extra: Partial<CommandContext> = {}) =>
    service.execute(name, input, context(extra));
  return {
    tenantId,
    service,
    context,
    run,
    warehouse: async (code = `W-${randomUUID().slice(0, 6)}`) =>
      (await run('createWarehouse', { code, name: `Warehouse ${code}` })).warehouses[0]!
        .warehouseId,
    supplier: async (input: Record<string, unknown> = {}) =>
      (await run('createSupplier', { name: 'Acme Supplies', ...input })).suppliers[0]!.supplierId,
    product: async (input: Record<string, unknown> = {}) =>
      (
        await run('registerProduct', {
          sku: `SKU-${randomUUID().slice(0, 8)}`,
          name: 'Widget',
          unitCost: { amountMinor: 250, currency: 'EUR' },
          ...input,
        })
      ).products[0]!.productId,
  };
};
