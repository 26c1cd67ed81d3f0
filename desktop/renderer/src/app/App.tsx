/** The app's frame: sidebar, top bar, the current screen, live notifications as messages. */
import { useEffect, useMemo, useState } from 'react';
import { notificationsQuery } from '../api/queries';
import { useQuery } from '../hooks/useQuery';
import { useServices } from './context';
import { navItems } from './navigation';
import { navigate, paths, useRoute } from './routes';
import { Screen } from './Screen';
import { useShortcuts } from './shortcuts';
import { ShortcutHelp } from './ShortcutHelp';
import { Sidebar, visibleItems } from './Sidebar';
import { useToast } from './toasts';
import { TopBar } from './TopBar';

const toneOf = { INFO: 'info', WARNING: 'warn', CRITICAL: 'bad' } as const;

export const App = () => {
  const route = useRoute();
  const { live, me } = useServices();
  const toast = useToast();
  const [help, setHelp] = useState(false);
  const unread = useQuery(
    (api) =>
      api.query<{ notifications: { items: unknown[] } }>(notificationsQuery, {
        unreadOnly: true,
        limit: 100,
      }),
    [],
    'notifications',
  );

  useEffect(
    () =>
      live.onNotification((n) =>
        toast({
          tone: toneOf[n.severity],
          title: n.title,
          ...(n.advice ? { body: n.advice } : {}),
          href: n.productId ? paths.product(n.productId) : paths.notifications,
        }),
      ),
    [live, toast],
  );

  const shortcuts = useMemo(() => {
    const map: Record<string, () => void> = { '?': () => setHelp(true) };
    visibleItems(navItems, me.role).forEach((item, index) => {
      map[`Alt+${index + 1}`] = () => navigate(item.href);
    });
    return map;
  }, [me.role]);
  useShortcuts(shortcuts);

  return (
    <div className="app">
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById('content')?.focus()}
      >
        Skip to content
      </button>
      <Sidebar
        route={route}
        items={navItems}
        unread={unread.data?.notifications.items.length ?? 0}
      />
      <div className="main">
        <TopBar onHelp={() => setHelp(true)} />
        <main id="content" tabIndex={-1}>
          <Screen route={route} />
        </main>
      </div>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
};
