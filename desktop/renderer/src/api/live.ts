/**
 * Live updates: one subscription each to onStockChanged and onNotification for the tenant,
 * fanned out to the screens that listen. A subscription that fails is opened again after a pause.
 */
import { CONNECTION_STATE_CHANGE, ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import type { Api } from './client';
import { onNotificationSubscription, onStockChangedSubscription } from './queries';
import type { AppNotification, StockChange } from './types';

export type LiveState = 'connecting' | 'live' | 'offline';

type Listener<T> = (value: T) => void;

export interface Live {
  onStockChanged(listener: Listener<StockChange>): () => void;
  onNotification(listener: Listener<AppNotification>): () => void;
  onState(listener: Listener<LiveState>): () => void;
  state(): LiveState;
  stop(): void;
}

const RESUBSCRIBE_MS = 3_000;

const channel = <T>() => {
  const listeners = new Set<Listener<T>>();
  return {
    add: (listener: Listener<T>) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (value: T) => listeners.forEach((listener) => listener(value)),
  };
};

const stateOf = (connection: string | undefined): LiveState | null => {
  switch (connection) {
    case ConnectionState.Connected:
      return 'live';
    case ConnectionState.Connecting:
    case ConnectionState.ConnectedPendingNetwork:
    case ConnectionState.ConnectedPendingKeepAlive:
      return 'connecting';
    case ConnectionState.Disconnected:
    case ConnectionState.ConnectionDisrupted:
    case ConnectionState.ConnectionDisruptedPendingNetwork:
      return 'offline';
    default:
      return null;
  }
};

export const startLive = (api: Api, tenantId: string): Live => {
  const stock = channel<StockChange>();
  const notifications = channel<AppNotification>();
  const states = channel<LiveState>();
  let state: LiveState = 'connecting';
  let stopped = false;
  const stops: (() => void)[] = [];

  const stopHub = Hub.listen('api', ({ payload }) => {
    if (payload.event !== CONNECTION_STATE_CHANGE) return;
    const next = stateOf(
      (payload.data as { connectionState?: string } | undefined)?.connectionState,
    );
    if (next !== null && next !== state) {
      state = next;
      states.emit(next);
    }
  });

  const open = <T>(document: string, field: string, emit: (value: T) => void) => {
    if (stopped) return;
    const stop = api.subscribe<Record<string, T | null>>(
      document,
      { tenantId },
      (data) => {
        const value = data[field];
        if (value !== null && value !== undefined) emit(value);
      },
      () => {
        stop();
        setTimeout(() => open(document, field, emit), RESUBSCRIBE_MS);
      },
    );
    stops.push(stop);
  };

  open(onStockChangedSubscription, 'onStockChanged', stock.emit);
  open(onNotificationSubscription, 'onNotification', notifications.emit);

  return {
    onStockChanged: stock.add,
    onNotification: notifications.add,
    onState: states.add,
    state: () => state,
    stop: () => {
      stopped = true;
      stopHub();
      stops.forEach((stop) => stop());
    },
  };
};
