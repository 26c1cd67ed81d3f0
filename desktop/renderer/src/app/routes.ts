/** Hash routes (`#/products/…`): they work from file:// in Electron and from a server alike. */
import { useEffect, useState } from 'react';
import type { StockStatus } from '../api/types';

const statuses: readonly string[] = ['OK', 'LOW', 'STOCKOUT', 'OVERSTOCK'];

export const stockOperations = [
  'receive',
  'issue',
  'adjust',
  'transfer',
  'count',
  'reserve',
] as const;
export type StockOperation = (typeof stockOperations)[number];

export type Route =
  | { readonly screen: 'dashboard' }
  | { readonly screen: 'products'; readonly status?: StockStatus; readonly warehouseId?: string }
  | { readonly screen: 'product'; readonly productId: string }
  | { readonly screen: 'stock'; readonly operation: StockOperation; readonly productId?: string }
  | { readonly screen: 'orders'; readonly supplierId?: string }
  | { readonly screen: 'order'; readonly purchaseOrderId: string }
  | { readonly screen: 'suppliers' }
  | { readonly screen: 'warehouses' }
  | { readonly screen: 'notifications' }
  | { readonly screen: 'billing' }
  | { readonly screen: 'settings' };

const isOperation = (value: string | undefined): value is StockOperation =>
  (stockOperations as readonly (string | undefined)[]).includes(value);

export const parseRoute = (hash: string): Route => {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first = '', second, third] = path.split('/').map(decodeURIComponent);
  switch (first) {
    case 'products': {
      if (second) return { screen: 'product', productId: second };
      const params = new URLSearchParams(query);
      const status = params.get('status');
      const warehouseId = params.get('warehouse');
      return {
        screen: 'products',
        ...(status !== null && statuses.includes(status) ? { status: status as StockStatus } : {}),
        ...(warehouseId ? { warehouseId } : {}),
      };
    }
    case 'stock':
      return {
        screen: 'stock',
        operation: isOperation(second) ? second : 'receive',
        ...(third ? { productId: third } : {}),
      };
    case 'orders': {
      if (second) return { screen: 'order', purchaseOrderId: second };
      const supplierId = new URLSearchParams(query).get('supplier');
      return { screen: 'orders', ...(supplierId ? { supplierId } : {}) };
    }
    case 'suppliers':
    case 'warehouses':
    case 'notifications':
    case 'billing':
    case 'settings':
      return { screen: first };
    default:
      return { screen: 'dashboard' };
  }
};

/** Paths of the screens, for links. */
export const paths = {
  dashboard: '#/',
  products: '#/products',
  productsWith: (filter: { status?: StockStatus; warehouseId?: string }) =>
    `#/products?${new URLSearchParams({
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.warehouseId ? { warehouse: filter.warehouseId } : {}),
    }).toString()}`,
  product: (id: string) => `#/products/${encodeURIComponent(id)}`,
  stock: (operation: StockOperation = 'receive', productId?: string) =>
    `#/stock/${operation}${productId ? `/${encodeURIComponent(productId)}` : ''}`,
  orders: '#/orders',
  ordersOf: (supplierId: string) =>
    `#/orders?${new URLSearchParams({ supplier: supplierId }).toString()}`,
  order: (id: string) => `#/orders/${encodeURIComponent(id)}`,
  suppliers: '#/suppliers',
  warehouses: '#/warehouses',
  notifications: '#/notifications',
  billing: '#/billing',
  settings: '#/settings',
} as const;

export const navigate = (path: string): void => {
  location.hash = path.startsWith('#') ? path : `#${path}`;
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
};
