/** The queries the screens run. Values always travel as variables, never inside the text. */
import {
  levelFields,
  movementFields,
  notificationFields,
  orderFields,
  productFields,
  reservationFields,
  stockFields,
  supplierFields,
  warehouseFields,
} from './fragments';

export const meQuery = `query Me { me { userId username tenantId role } }`;

export const productsQuery = `
  query Products($filter: ProductFilter, $sort: ProductSort, $limit: Int, $nextToken: String) {
    products(filter: $filter, sort: $sort, limit: $limit, nextToken: $nextToken) {
      total nextToken items { ${productFields} ${stockFields} }
    }
  }`;

export const productQuery = `
  query Product($productId: ID!) {
    product(productId: $productId) { ${productFields} ${stockFields} levels { ${levelFields} } }
  }`;

export const warehousesQuery = `
  query Warehouses($includeArchived: Boolean) {
    warehouses(includeArchived: $includeArchived) { ${warehouseFields} }
  }`;

export const suppliersQuery = `
  query Suppliers($includeArchived: Boolean) {
    suppliers(includeArchived: $includeArchived) { ${supplierFields} }
  }`;

export const movementsQuery = `
  query Movements($filter: MovementFilter, $limit: Int, $nextToken: String) {
    movements(filter: $filter, limit: $limit, nextToken: $nextToken) {
      nextToken items { ${movementFields} }
    }
  }`;

export const reservationsQuery = `
  query Reservations($productId: ID, $status: ReservationStatus, $limit: Int) {
    reservations(productId: $productId, status: $status, limit: $limit) {
      nextToken items { ${reservationFields} }
    }
  }`;

export const purchaseOrdersQuery = `
  query PurchaseOrders(
    $status: PurchaseOrderStatus
    $productId: ID
    $supplierId: ID
    $limit: Int
    $nextToken: String
  ) {
    purchaseOrders(
      status: $status
      productId: $productId
      supplierId: $supplierId
      limit: $limit
      nextToken: $nextToken
    ) {
      nextToken items { ${orderFields} }
    }
  }`;

export const purchaseOrderQuery = `
  query PurchaseOrder($purchaseOrderId: ID!) {
    purchaseOrder(purchaseOrderId: $purchaseOrderId) { ${orderFields} }
  }`;

export const historyQuery = `
  query History($stream: String!, $limit: Int, $nextToken: String) {
    history(stream: $stream, limit: $limit, nextToken: $nextToken) {
      nextToken items { eventId version type data actor occurredAt }
    }
  }`;

export const notificationsQuery = `
  query Notifications($unreadOnly: Boolean, $limit: Int, $nextToken: String) {
    notifications(unreadOnly: $unreadOnly, limit: $limit, nextToken: $nextToken) {
      nextToken items { ${notificationFields} }
    }
  }`;

export const forecastQuery = `
  query Forecast($productId: ID!) {
    forecast(productId: $productId) {
      analysedAt model backtestMase seasonalNaiveMase weeklySeasonality yearlySeasonality
      intervalLevel leadTimeDays leadTimeDemand serviceLevel safetyStock reorderPoint
      maximumStock historyNote
      horizon { date mean lower upper }
      history { date quantity }
    }
  }`;

export const dashboardQuery = `
  query Dashboard {
    dashboard {
      stockValue { amountMinor currency }
      products lowStock stockouts overstock openPurchaseOrders latePurchaseOrders
      suggestedPurchaseOrders unreadNotifications
    }
    movements(limit: 8) { items { ${movementFields} } }
    notifications(limit: 5) { items { ${notificationFields} } }
    lowStock { productId sku name unit available reorderPoint onOrder status }
  }`;

export const billingQuery = `
  query Billing($period: String) {
    billingUsage(period: $period) {
      period stripeConfigured customerId
      metrics { metric quantity reported pending lastReportedAt }
    }
  }`;

export const onStockChangedSubscription = `
  subscription OnStockChanged($tenantId: ID!) {
    onStockChanged(tenantId: $tenantId) {
      eventId command occurredAt levels { ${levelFields} }
    }
  }`;

export const onNotificationSubscription = `
  subscription OnNotification($tenantId: ID!) {
    onNotification(tenantId: $tenantId) { ${notificationFields} }
  }`;
