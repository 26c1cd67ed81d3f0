import type { Table } from '../tables';

/** Projection rows as the application sees them (the tenant is implicit). */
export interface ProductRow {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  barcode: string | null;
  unitCostMinor: number;
  currency: string;
  leadTimeDays: number;
  serviceLevel: number;
  minStock: number | null;
  maxStock: number | null;
  category: string | null;
  preferredSupplierId: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WarehouseRow {
  warehouseId: string;
  code: string;
  name: string;
  address: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SupplierRow {
  supplierId: string;
  name: string;
  email: string | null;
  phone: string | null;
  leadTimeDays: number;
  minimumOrderQuantity: number;
  packSize: number;
  unitPriceMinor: number | null;
  currency: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StockLevelRow {
  productId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  updatedAt: string;
}

export type MovementKind = 'receipt' | 'issue' | 'adjustment' | 'transfer_out' | 'transfer_in';

export interface MovementRow {
  eventId: string;
  seq: number;
  productId: string;
  warehouseId: string;
  kind: MovementKind;
  quantity: number;
  onHandAfter: number;
  reason: string | null;
  note: string | null;
  reference: string | null;
  purchaseOrderId: string | null;
  actor: string;
  occurredAt: string;
}

export type ReservationStatus = 'active' | 'released' | 'expired' | 'fulfilled';

export interface ReservationRow {
  reservationId: string;
  productId: string;
  warehouseId: string;
  quantity: number;
  expiresAt: string;
  reference: string | null;
  status: ReservationStatus;
  createdAt: string;
  closedAt: string | null;
}

export interface PurchaseOrderRow {
  purchaseOrderId: string;
  number: string;
  supplierId: string;
  warehouseId: string;
  status: string;
  expectedAt: string;
  source: string;
  reason: string | null;
  note: string | null;
  createdAt: string;
  submittedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  suggestedExpectedAt: string | null;
  suggestion: string | null;
  /** For a dismissed suggestion: the day from which its products may be suggested again. */
  suggestAgainOn: string | null;
}

export interface PurchaseOrderLineRow {
  purchaseOrderId: string;
  lineId: string;
  position: number;
  productId: string;
  quantityOrdered: number;
  quantityReceived: number;
  unitCostMinor: number;
  currency: string;
}

export const tables = {
  products: {
    name: 'products',
    key: ['productId'],
    columns: {
      productId: 'uuid',
      sku: 'text',
      name: 'text',
      unit: 'text',
      barcode: 'text',
      unitCostMinor: 'bigint',
      currency: 'text',
      leadTimeDays: 'int',
      serviceLevel: 'numeric',
      minStock: 'int',
      maxStock: 'int',
      category: 'text',
      preferredSupplierId: 'uuid',
      archived: 'bool',
      createdAt: 'timestamptz',
      updatedAt: 'timestamptz',
    },
  } satisfies Table<ProductRow>,
  warehouses: {
    name: 'warehouses',
    key: ['warehouseId'],
    columns: {
      warehouseId: 'uuid',
      code: 'text',
      name: 'text',
      address: 'text',
      archived: 'bool',
      createdAt: 'timestamptz',
      updatedAt: 'timestamptz',
    },
  } satisfies Table<WarehouseRow>,
  suppliers: {
    name: 'suppliers',
    key: ['supplierId'],
    columns: {
      supplierId: 'uuid',
      name: 'text',
      email: 'text',
      phone: 'text',
      leadTimeDays: 'int',
      minimumOrderQuantity: 'int',
      packSize: 'int',
      unitPriceMinor: 'bigint',
      currency: 'text',
      archived: 'bool',
      createdAt: 'timestamptz',
      updatedAt: 'timestamptz',
    },
  } satisfies Table<SupplierRow>,
  stockLevels: {
    name: 'stock_levels',
    key: ['productId', 'warehouseId'],
    columns: {
      productId: 'uuid',
      warehouseId: 'uuid',
      onHand: 'int',
      reserved: 'int',
      updatedAt: 'timestamptz',
    },
    additive: ['onHand', 'reserved'],
  } satisfies Table<StockLevelRow>,
  movements: {
    name: 'movements',
    key: ['eventId', 'seq'],
    columns: {
      eventId: 'uuid',
      seq: 'int',
      productId: 'uuid',
      warehouseId: 'uuid',
      kind: 'text',
      quantity: 'int',
      onHandAfter: 'int',
      reason: 'text',
      note: 'text',
      reference: 'text',
      purchaseOrderId: 'uuid',
      actor: 'text',
      occurredAt: 'timestamptz',
    },
    insertOnly: true,
  } satisfies Table<MovementRow>,
  reservations: {
    name: 'reservations',
    key: ['reservationId'],
    columns: {
      reservationId: 'uuid',
      productId: 'uuid',
      warehouseId: 'uuid',
      quantity: 'int',
      expiresAt: 'timestamptz',
      reference: 'text',
      status: 'text',
      createdAt: 'timestamptz',
      closedAt: 'timestamptz',
    },
  } satisfies Table<ReservationRow>,
  purchaseOrders: {
    name: 'purchase_orders',
    key: ['purchaseOrderId'],
    columns: {
      purchaseOrderId: 'uuid',
      number: 'text',
      supplierId: 'uuid',
      warehouseId: 'uuid',
      status: 'text',
      expectedAt: 'date',
      source: 'text',
      reason: 'text',
      note: 'text',
      createdAt: 'timestamptz',
      submittedAt: 'timestamptz',
      closedAt: 'timestamptz',
      updatedAt: 'timestamptz',
      suggestedExpectedAt: 'date',
      suggestion: 'text',
      suggestAgainOn: 'date',
    },
  } satisfies Table<PurchaseOrderRow>,
  purchaseOrderLines: {
    name: 'purchase_order_lines',
    key: ['purchaseOrderId', 'lineId'],
    columns: {
      purchaseOrderId: 'uuid',
      lineId: 'uuid',
      position: 'int',
      productId: 'uuid',
      quantityOrdered: 'int',
      quantityReceived: 'int',
      unitCostMinor: 'bigint',
      currency: 'text',
    },
  } satisfies Table<PurchaseOrderLineRow>,
} as const;

export type TableName = keyof typeof tables;

export interface RowTypes {
  products: ProductRow;
  warehouses: WarehouseRow;
  suppliers: SupplierRow;
  stockLevels: StockLevelRow;
  movements: MovementRow;
  reservations: ReservationRow;
  purchaseOrders: PurchaseOrderRow;
  purchaseOrderLines: PurchaseOrderLineRow;
}
