/** The screens in the sidebar, in order; Alt+1…9 opens them. */
import type { Role } from '../api/types';
import type { IconName } from '../ui/Icon';
import type { Route } from './routes';
import { paths } from './routes';

export interface NavItem {
  readonly label: string;
  readonly href: string;
  readonly icon: IconName;
  /** Which routes light this item up. */
  readonly screens: readonly Route['screen'][];
  readonly least: Role;
}

export const navItems: readonly NavItem[] = [
  {
    label: 'Dashboard',
    href: paths.dashboard,
    icon: 'dashboard',
    screens: ['dashboard'],
    least: 'VIEWER',
  },
  {
    label: 'Products',
    href: paths.products,
    icon: 'products',
    screens: ['products', 'product'],
    least: 'VIEWER',
  },
  {
    label: 'Stock operations',
    href: paths.stock(),
    icon: 'stock',
    screens: ['stock'],
    least: 'CLERK',
  },
  {
    label: 'Purchase orders',
    href: paths.orders,
    icon: 'orders',
    screens: ['orders', 'order'],
    least: 'VIEWER',
  },
  {
    label: 'Suppliers',
    href: paths.suppliers,
    icon: 'suppliers',
    screens: ['suppliers'],
    least: 'VIEWER',
  },
  {
    label: 'Warehouses',
    href: paths.warehouses,
    icon: 'warehouses',
    screens: ['warehouses'],
    least: 'VIEWER',
  },
  {
    label: 'Notifications',
    href: paths.notifications,
    icon: 'notifications',
    screens: ['notifications'],
    least: 'VIEWER',
  },
  { label: 'Billing', href: paths.billing, icon: 'billing', screens: ['billing'], least: 'ADMIN' },
  {
    label: 'Settings',
    href: paths.settings,
    icon: 'settings',
    screens: ['settings'],
    least: 'VIEWER',
  },
];
