/**
 * The app once the session is open: live updates started (and stopped when it closes), the
 * desktop's navigation requests followed, and the providers every screen relies on.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Live } from '../api/live';
import { startLive } from '../api/live';
import { App } from './App';
import type { Opened } from './Boot';
import { ServicesProvider } from './context';
import { ReferenceProvider } from './reference';
import { navigate } from './routes';
import { ToastProvider } from './toasts';

export const Ready = ({ opened }: { readonly opened: Opened }) => {
  const [live, setLive] = useState<Live | null>(null);
  useEffect(() => {
    const started = startLive(opened.api, opened.me.tenantId);
    setLive(started);
    const stopNavigate = opened.session.bridge?.onNavigate(navigate);
    return () => {
      started.stop();
      stopNavigate?.();
    };
  }, [opened]);
  const services = useMemo(() => (live === null ? null : { ...opened, live }), [opened, live]);
  if (services === null) return null;
  return (
    <ServicesProvider services={services}>
      <ToastProvider>
        <ReferenceProvider>
          <App />
        </ReferenceProvider>
      </ToastProvider>
    </ServicesProvider>
  );
};
