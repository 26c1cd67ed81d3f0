/**
 * The AnalyseIssues task when the world changes under it: a supplier archived after the task read
 * a product's situation, but before it suggested an order to that supplier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandService } from '../../../cloud/app/execute';
import { createRuleAdvisor } from '../../../cloud/services/advisor';
import { analyseIssuesTask } from '../../../cloud/workflows/tasks/analyse-issues';
import type { Api } from '../api/harness';
import { openApi, tenant } from '../api/harness';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

describe('the AnalyseIssues task', () => {
  it('tells LOW_STOCK without an order when the supplier is archived as it suggests one', async () => {
    const t = tenant(api);
    const warehouseId = await t.warehouse();
    const supplierId = await t.supplier();
    const productId = await t.product({
      minStock: 10,
      maxStock: 40,
      preferredSupplierId: supplierId,
    });
    await t.receive(productId, warehouseId, 15);
    const issued = await t.change('issueStock', { productId, warehouseId, quantity: 8 });
    const event = issued.events[0]!;

    // Between the task's reading of the product and its suggestion, a manager archives the
    // supplier.
    const archived: string[] = [];
    const commands: CommandService = {
      execute: async (name, input, context) => {
        if (name === 'suggestPurchaseOrder') {
          await t.change('archiveSupplier', { supplierId });
          archived.push(supplierId);
        }
        return api.ports.commands.execute(name, input, context);
      },
    };
    const found = await analyseIssuesTask(
      {
        tenantId: t.tenantId,
        executionName: `issues-${event.eventId}`,
        eventId: event.eventId,
        eventIds: [event.eventId],
        commands: ['issueStock'],
        productIds: [productId],
        movementCount: 1,
        occurredAt: new Date().toISOString(),
      },
      {
        db: api.db,
        commands,
        advisor: createRuleAdvisor(),
        billing: api.billing,
        publisher: { stockChanged: () => Promise.resolve(), notification: () => Promise.resolve() },
        clock: api.ports.clock!,
        log: () => undefined,
      },
    );

    expect(archived).toEqual([supplierId]);
    expect(found.issues).toEqual([
      expect.objectContaining({ kind: 'LOW_STOCK', productId, purchaseOrderId: null }),
    ]);
    const orders = await api.db.tenant(t.tenantId, 'read', (tx) =>
      tx.rows(`SELECT purchase_order_id FROM purchase_orders`),
    );
    expect(orders).toEqual([]);
  });
});
