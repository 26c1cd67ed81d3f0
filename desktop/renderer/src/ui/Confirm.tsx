/** A button that asks before doing something that is hard to undo. */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Dialog } from './Dialog';

export const ConfirmButton = ({
  label,
  title,
  confirmLabel,
  children,
  onConfirm,
  danger = false,
  disabled = false,
  small = false,
}: {
  readonly label: string;
  readonly title: string;
  readonly confirmLabel: string;
  readonly children: ReactNode;
  readonly onConfirm: () => void;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  readonly small?: boolean;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`btn${danger ? ' btn-danger' : ''}${small ? ' btn-small' : ''}`}
        onClick={() => setOpen(true)}
        disabled={disabled}
      >
        {label}
      </button>
      {open ? (
        <Dialog title={title} onClose={() => setOpen(false)}>
          <div className="confirm-text">{children}</div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setOpen(false)} autoFocus>
              Keep as it is
            </button>
            <button
              type="button"
              className={danger ? 'btn btn-danger' : 'btn btn-primary'}
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
};
