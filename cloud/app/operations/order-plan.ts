import type {
  PurchaseOrderCommand,
  PurchaseOrderLine,
  StockMateEvent,
  StreamEvent,
} from '../../../shared';
import { decidePurchaseOrder, streams } from '../../../shared';
import type { LoadPlan, Loaded } from '../../db/load';
import type { DecisionContext, PrepareContext } from '../operation';
import { productRefs, purchaseOrderState, supplierRef, warehouseRefs } from '../state';

/** The next purchase-order number of the tenant: PO-000001, PO-000002, … */
export const nextNumber = async (context: PrepareContext): Promise<string> =>
  `PO-${String(await context.allocate('purchase_order')).padStart(6, '0')}`;

export const withLineIds = (
  lines: readonly (Omit<PurchaseOrderLine, 'lineId'> & { lineId?: string | undefined })[],
  context: PrepareContext,
): PurchaseOrderLine[] => lines.map((l) => ({ ...l, lineId: l.lineId ?? context.ids.uuid() }));

export const orderPlan = (c: PurchaseOrderCommand, extra: Partial<LoadPlan> = {}): LoadPlan => ({
  streams: [streams.purchaseOrder(c.purchaseOrderId)],
  purchaseOrders: [c.purchaseOrderId],
  ...extra,
});

export const decideOrder = (
  c: PurchaseOrderCommand,
  loaded: Loaded,
  context: DecisionContext,
): StreamEvent<StockMateEvent>[] => {
  const lines = 'lines' in c && c.type !== 'ReceivePurchaseOrder' ? (c.lines ?? []) : [];
  const warehouseId = 'warehouseId' in c ? c.warehouseId : undefined;
  const supplierId = 'supplierId' in c ? c.supplierId : undefined;
  return decidePurchaseOrder(c, purchaseOrderState(loaded.rows, c.purchaseOrderId), {
    today: context.today,
    supplier: supplierRef(loaded.rows, supplierId),
    warehouses: warehouseRefs(loaded.rows, warehouseId === undefined ? [] : [warehouseId]),
    products: productRefs(
      loaded.rows,
      lines.map((l) => l.productId),
    ),
    onOrder: Object.fromEntries(loaded.onOrder),
  }).map((event) => ({ stream: streams.purchaseOrder(c.purchaseOrderId), event }));
};
