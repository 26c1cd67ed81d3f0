/**
 * Rows as the GraphQL schema shapes them: money as objects, enums in capitals.
 */
import type { CommandResult } from '../app/result';
import type { ProductView, PurchaseOrderView } from '../db/queries';
import type {
  MovementRow,
  ProductRow,
  PurchaseOrderLineRow,
  PurchaseOrderRow,
  ReservationRow,
  StockLevelRow,
  SupplierRow,
} from '../db/projection/rows';

const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

export const productView = (row: ProductRow | ProductView) => ({
  ...row,
  unitCost: money(row.unitCostMinor, row.currency.trim()),
  stock: 'stock' in row ? row.stock : null,
});

export const supplierView = (row: SupplierRow) => ({
  ...row,
  // A change set stored for a retry before suppliers could be archived has no such field.
  archived: (row.archived as boolean | undefined) ?? false,
  unitPrice:
    row.unitPriceMinor === null || row.currency === null
      ? null
      : money(row.unitPriceMinor, row.currency.trim()),
});

export const stockLevelView = (row: StockLevelRow) => ({
  ...row,
  available: row.onHand - row.reserved,
});

export const movementView = (row: MovementRow) => ({
  ...row,
  kind: row.kind.toUpperCase(),
  reason: row.reason?.toUpperCase() ?? null,
});

export const reservationView = (row: ReservationRow) => ({
  ...row,
  status: row.status.toUpperCase(),
});

const lineView = (row: PurchaseOrderLineRow) => ({
  lineId: row.lineId,
  productId: row.productId,
  quantityOrdered: row.quantityOrdered,
  quantityReceived: row.quantityReceived,
  unitCost: money(row.unitCostMinor, row.currency.trim()),
});

export const purchaseOrderView = (row: PurchaseOrderView) => ({
  ...row,
  status: row.status.toUpperCase(),
  source: row.source.toUpperCase(),
  lines: row.lines.map(lineView),
});

const withLines = (
  orders: readonly PurchaseOrderRow[],
  lines: readonly PurchaseOrderLineRow[],
): PurchaseOrderView[] =>
  orders.map((o) => ({
    ...o,
    lines: lines
      .filter((l) => l.purchaseOrderId === o.purchaseOrderId)
      .sort((a, b) => a.position - b.position),
  }));

/** What a mutation returns: every row it touched, as the schema's ChangeSet. */
export const changeSetView = (result: CommandResult) => ({
  replayed: result.replayed,
  events: result.events,
  products: result.products.map(productView),
  warehouses: result.warehouses,
  suppliers: result.suppliers.map(supplierView),
  stockLevels: result.stockLevels.map(stockLevelView),
  movements: result.movements.map(movementView),
  reservations: result.reservations.map(reservationView),
  purchaseOrders: withLines(result.purchaseOrders, result.purchaseOrderLines).map(
    purchaseOrderView,
  ),
});
