/**
 * Archiving and restoring, and showing what is archived: shared by the warehouses and suppliers
 * screens and the product page.
 */
import type { ReactNode } from 'react';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import type { CommandName } from '../../api/mutations';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { ConfirmButton } from '../../ui/Confirm';
import { ToolbarCheck } from '../../ui/ToolbarCheck';

/** How one kind of thing is archived and restored. */
interface Archiving<T> {
  readonly archive: CommandName;
  readonly restore: CommandName;
  /** The command's input for one of them. */
  readonly input: (item: T) => Record<string, unknown>;
  /** What a message calls it. */
  readonly label: (item: T) => string;
  /** Called once a command succeeded. */
  readonly done: () => void;
}

/**
 * A function that archives an item, or restores it when it is archived, and says which in a
 * message: that it was done, or why not.
 */
export const useArchiveToggle = <T extends { readonly archived: boolean }>(
  archiving: Archiving<T>,
) => {
  const { api } = useServices();
  const toast = useToast();
  return (item: T) => {
    const done = item.archived ? 'restored' : 'archived';
    const label = archiving.label(item);
    return api
      .command(
        item.archived ? archiving.restore : archiving.archive,
        archiving.input(item),
        newKey(),
      )
      .then(() => {
        toast({ tone: 'ok', title: `${label} ${done}` });
        archiving.done();
      })
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: `${label} was not ${done}`, body: describeError(error) }),
      );
  };
};

/** The items to list, with archived ones only when asked, and the toolbar that asks. */
export const useShowArchived = <T extends { readonly archived: boolean }>(items: readonly T[]) => {
  const [showArchived, setShowArchived] = useState(false);
  const toolbar = (
    <ToolbarCheck label="Show archived" checked={showArchived} onChange={setShowArchived} />
  );
  return { shown: items.filter((item) => showArchived || !item.archived), toolbar };
};

/**
 * A manager's actions on one row: Edit and Archive (asking first, `children` saying what it
 * means) while it is in use; Restore once archived.
 */
export const ArchiveActions = ({
  archived,
  name,
  kind,
  onEdit,
  onToggle,
  children,
}: {
  readonly archived: boolean;
  /** What the question calls it. */
  readonly name: string;
  /** What the confirming button calls it: "warehouse", "supplier". */
  readonly kind: string;
  readonly onEdit: () => void;
  readonly onToggle: () => void;
  readonly children: ReactNode;
}) =>
  archived ? (
    <button type="button" className="btn btn-small" onClick={onToggle}>
      Restore
    </button>
  ) : (
    <>
      <button type="button" className="btn btn-small" onClick={onEdit}>
        Edit
      </button>
      <ConfirmButton
        label="Archive"
        title={`Archive ${name}?`}
        confirmLabel={`Archive ${kind}`}
        danger
        small
        onConfirm={onToggle}
      >
        {children}
      </ConfirmButton>
    </>
  );
