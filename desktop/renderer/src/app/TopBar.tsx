/** The strip above every screen: whether live updates flow, who is signed in, help. */
import { useEffect, useState } from 'react';
import type { LiveState } from '../api/live';
import { useServices } from './context';

const liveLabels: Readonly<Record<LiveState, string>> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline — reconnecting',
};

export const TopBar = ({ onHelp }: { readonly onHelp: () => void }) => {
  const { live, me, session } = useServices();
  const [state, setState] = useState<LiveState>(live.state());
  useEffect(() => live.onState(setState), [live]);
  const where = session.connection.mode === 'local' ? 'This computer' : 'Cloud';
  return (
    <header className="topbar">
      <span className={`live live-${state}`} role="status" title="Live updates">
        <span className="live-dot" aria-hidden="true" />
        {liveLabels[state]}
      </span>
      <span className="topbar-spacer" />
      <span className="topbar-user">
        {me.username} · {me.role.toLowerCase()} · {where}
      </span>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={onHelp}
        title="Keyboard shortcuts (?)"
      >
        Shortcuts
      </button>
    </header>
  );
};
