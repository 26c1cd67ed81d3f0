/** Local mode in the desktop app: a backup of the database to a file, and restoring one. */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { ConfirmButton } from '../../ui/Confirm';
import { Panel } from '../../ui/Page';

export const BackupPanel = () => {
  const { session } = useServices();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [paused, setPaused] = useState(false);
  const bridge = session.bridge;
  if (session.connection.mode !== 'local') {
    return (
      <Panel title="Backup">
        <p className="muted">
          Cloud data is backed up by the service; there is nothing to do here.
        </p>
      </Panel>
    );
  }
  if (bridge === null) {
    return (
      <Panel title="Backup">
        <p className="muted">
          Backup and restore are in the desktop app. In a browser, stop the server and copy its data
          folder instead.
        </p>
      </Panel>
    );
  }
  const run = (what: 'backup' | 'restore') => {
    setBusy(true);
    (what === 'backup' ? bridge.backupDatabase() : bridge.restoreDatabase())
      .then((result) => {
        if (result === null) return;
        toast({
          tone: 'ok',
          title: what === 'backup' ? 'Backup saved' : 'Backup restored',
          body: result.path,
        });
        if (what === 'restore') location.reload();
      })
      .catch((error: unknown) =>
        toast({
          tone: 'bad',
          title: what === 'backup' ? 'Backup failed' : 'Restore failed',
          body: describeError(error),
        }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <Panel title="Backup and notifications">
      <p>
        Save the whole database to a file you choose — before an upgrade, or to move to another
        computer.
      </p>
      <div className="form-actions form-actions-left">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => run('backup')}
        >
          Back up now…
        </button>
        <ConfirmButton
          label="Restore a backup…"
          title="Restore a backup?"
          confirmLabel="Choose the backup"
          danger
          disabled={busy}
          onConfirm={() => run('restore')}
        >
          Everything recorded since that backup is replaced by the backup&apos;s contents. Back up
          first if you are not sure.
        </ConfirmButton>
      </div>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={paused}
          onChange={(e) => {
            const next = e.target.checked;
            bridge
              .setNotificationsPaused(next)
              .then(() => setPaused(next))
              .catch((error: unknown) =>
                toast({ tone: 'bad', title: 'Not changed', body: describeError(error) }),
              );
          }}
        />
        <span>Pause desktop notifications</span>
      </label>
    </Panel>
  );
};
