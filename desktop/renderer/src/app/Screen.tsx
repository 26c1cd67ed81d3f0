/** The screen for the current route. */
import { BillingScreen } from '../screens/billing/BillingScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { NotificationsScreen } from '../screens/notifications/NotificationsScreen';
import { OrderScreen } from '../screens/orders/OrderScreen';
import { OrdersScreen } from '../screens/orders/OrdersScreen';
import { ProductScreen } from '../screens/product/ProductScreen';
import { ProductsScreen } from '../screens/products/ProductsScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { StockScreen } from '../screens/stock/StockScreen';
import { SuppliersScreen } from '../screens/suppliers/SuppliersScreen';
import { WarehousesScreen } from '../screens/warehouses/WarehousesScreen';
import type { Route } from './routes';

export const Screen = ({ route }: { readonly route: Route }) => {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'products':
      return (
        <ProductsScreen
          key={`${route.status ?? ''}:${route.warehouseId ?? ''}`}
          initialStatus={route.status ?? null}
          initialWarehouseId={route.warehouseId ?? null}
        />
      );
    case 'product':
      return <ProductScreen key={route.productId} productId={route.productId} />;
    case 'stock':
      return <StockScreen operation={route.operation} productId={route.productId ?? null} />;
    case 'orders':
      return (
        <OrdersScreen key={route.supplierId ?? ''} initialSupplierId={route.supplierId ?? null} />
      );
    case 'order':
      return <OrderScreen key={route.purchaseOrderId} purchaseOrderId={route.purchaseOrderId} />;
    case 'suppliers':
      return <SuppliersScreen />;
    case 'warehouses':
      return <WarehousesScreen />;
    case 'notifications':
      return <NotificationsScreen />;
    case 'billing':
      return <BillingScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
};
