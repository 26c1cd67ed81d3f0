/** The sidebar: the screens, with their shortcuts, and the count of unread notifications. */
import type { Role } from '../api/types';
import { Icon } from '../ui/Icon';
import { useServices } from './context';
import type { NavItem } from './navigation';
import type { Route } from './routes';

const rank: Readonly<Record<Role, number>> = { VIEWER: 0, CLERK: 1, MANAGER: 2, ADMIN: 3 };

export const visibleItems = (items: readonly NavItem[], role: Role) =>
  items.filter((item) => rank[role] >= rank[item.least]);

export const Sidebar = ({
  route,
  items,
  unread,
}: {
  readonly route: Route;
  readonly items: readonly NavItem[];
  readonly unread: number;
}) => {
  const { me } = useServices();
  return (
    <nav className="sidebar" aria-label="Screens">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          S
        </span>
        <span className="brand-name">Stock-Mate</span>
      </div>
      <ul>
        {visibleItems(items, me.role).map((item, index) => {
          const current = item.screens.includes(route.screen);
          return (
            <li key={item.href}>
              <a
                href={item.href}
                className={current ? 'nav-link current' : 'nav-link'}
                aria-current={current ? 'page' : undefined}
                title={`${item.label} (Alt+${index + 1})`}
              >
                <Icon name={item.icon} />
                <span>{item.label}</span>
                {item.icon === 'notifications' && unread > 0 ? (
                  <span className="nav-count" aria-label={`${unread} unread`}>
                    {unread > 99 ? '99+' : unread}
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
};
