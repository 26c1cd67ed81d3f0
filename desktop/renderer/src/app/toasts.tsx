/** Short messages in the corner: what was saved, and what arrived live. */
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';

export interface Toast {
  readonly tone: 'ok' | 'warn' | 'bad' | 'info';
  readonly title: string;
  readonly body?: string;
  readonly href?: string;
}

interface Shown extends Toast {
  readonly id: number;
}

const ToastContext = createContext<(toast: Toast) => void>(() => undefined);

const SHOW_MS = 6_000;
const MAX = 4;

export const ToastProvider = ({ children }: { readonly children: ReactNode }) => {
  const [toasts, setToasts] = useState<readonly Shown[]>([]);
  const next = useRef(0);
  const dismiss = useCallback(
    (id: number) => setToasts((all) => all.filter((t) => t.id !== id)),
    [],
  );
  const push = useCallback(
    (toast: Toast) => {
      next.current += 1;
      const id = next.current;
      setToasts((all) => [...all.slice(-(MAX - 1)), { ...toast, id }]);
      setTimeout(() => dismiss(id), SHOW_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="region" aria-label="Messages" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.tone}`} role="status">
            <div className="toast-text">
              <strong>{t.href ? <a href={t.href}>{t.title}</a> : t.title}</strong>
              {t.body ? <span>{t.body}</span> : null}
            </div>
            <button
              type="button"
              className="btn-icon"
              aria-label="Dismiss"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
};

export const useToast = (): ((toast: Toast) => void) => useContext(ToastContext);
