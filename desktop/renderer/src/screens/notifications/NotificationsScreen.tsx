/** Everything the stock analyser raised, newest first, with its advice; read ones fade back. */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import { markReadMutation } from '../../api/mutations';
import { notificationsQuery } from '../../api/queries';
import type { AppNotification, Page } from '../../api/types';
import { announce } from '../../app/changes';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { usePaged } from '../../hooks/usePaged';
import { Page as Screen } from '../../ui/Page';
import { Empty, Failed, Loading } from '../../ui/States';
import { MoreButton } from '../shared/MoreButton';
import { NotificationItem } from '../shared/NotificationItem';
import { ToolbarCheck } from '../../ui/ToolbarCheck';

export const NotificationsScreen = () => {
  const { api } = useServices();
  const toast = useToast();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const list = usePaged(
    async (a, nextToken) =>
      (
        await a.query<{ notifications: Page<AppNotification> }>(notificationsQuery, {
          unreadOnly,
          limit: 50,
          nextToken,
        })
      ).notifications,
    [unreadOnly],
    'notifications',
  );
  const markRead = (ids: readonly string[]) => {
    setBusy(true);
    Promise.all(
      ids.map((notificationId) =>
        api.mutate(markReadMutation, { input: { idempotencyKey: newKey(), notificationId } }),
      ),
    )
      .then(() => announce('notifications'))
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: 'Not marked as read', body: describeError(error) }),
      )
      .finally(() => setBusy(false));
  };
  const unread = (list.items ?? []).filter((n) => n.readAt === null);
  return (
    <Screen
      title="Notifications"
      subtitle="Low stock, stockouts, overstock and order advice, as the analyser finds them."
      actions={
        unread.length > 0 ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => markRead(unread.map((n) => n.notificationId))}
          >
            Mark all as read
          </button>
        ) : null
      }
    >
      <ToolbarCheck label="Unread only" checked={unreadOnly} onChange={setUnreadOnly} />
      {list.items === undefined ? (
        list.error ? (
          <Failed error={list.error} retry={list.reload} />
        ) : (
          <Loading what="notifications" />
        )
      ) : list.items.length === 0 ? (
        <Empty title={unreadOnly ? 'All caught up' : 'No notifications yet'}>
          When stock runs low, runs out or piles up, you hear about it here — with advice on what to
          do.
        </Empty>
      ) : (
        <div className="notification-list">
          {list.items.map((n) => (
            <NotificationItem
              key={n.notificationId}
              notification={n}
              actions={
                n.readAt === null ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    onClick={() => markRead([n.notificationId])}
                  >
                    Mark as read
                  </button>
                ) : null
              }
            />
          ))}
        </div>
      )}
      <MoreButton list={list} />
    </Screen>
  );
};
