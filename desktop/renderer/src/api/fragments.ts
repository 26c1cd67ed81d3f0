/** Selection sets shared by the queries and mutations, so every screen reads the same shape. */

export const productFields = `
  productId sku name unit barcode leadTimeDays serviceLevel minStock maxStock category
  preferredSupplierId archived createdAt updatedAt
  unitCost { amountMinor currency }`;

export const stockFields = `stock { onHand reserved available onOrder reorderPoint maxStock status }`;

export const levelFields = `productId warehouseId onHand reserved available updatedAt`;

export const warehouseFields = `warehouseId code name address archived`;

export const supplierFields = `
  supplierId name email phone leadTimeDays minimumOrderQuantity packSize
  unitPrice { amountMinor currency } archived`;

export const movementFields = `
  eventId productId warehouseId kind quantity onHandAfter reason note reference actor occurredAt`;

export const reservationFields = `
  reservationId productId warehouseId quantity expiresAt reference status createdAt`;

export const orderFields = `
  purchaseOrderId number supplierId warehouseId status expectedAt source reason note
  createdAt submittedAt closedAt updatedAt suggestAgainOn
  lines { lineId productId quantityOrdered quantityReceived unitCost { amountMinor currency } }`;

export const notificationFields = `
  notificationId kind severity title productId purchaseOrderId numbers advice adviceSource
  createdAt readAt`;

/** What the renderer reads back from every mutation. */
export const changeSetFields = `
  replayed
  products { ${productFields} }
  warehouses { ${warehouseFields} }
  suppliers { ${supplierFields} }
  stockLevels { ${levelFields} }
  reservations { ${reservationFields} }
  purchaseOrders { ${orderFields} }`;
