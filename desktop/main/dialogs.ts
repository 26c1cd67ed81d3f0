/**
 * The questions main asks with native dialogs: where to save or find a backup, whether to replace
 * the data, and what to do when the database keeps stopping.
 */
import type { Dialog } from 'electron';

const backupFilter = [{ name: 'Stock-Mate backup', extensions: ['gz'] }];

/** The dialogs, on Electron's `dialog`. */
export const createDialogs = (dialog: Dialog) => ({
  async chooseSavePath(defaultPath: string): Promise<string | null> {
    const result = await dialog.showSaveDialog({
      title: 'Back up the Stock-Mate database',
      defaultPath,
      filters: backupFilter,
    });
    return result.canceled || result.filePath === '' ? null : result.filePath;
  },

  async chooseOpenPath(): Promise<string | null> {
    const result = await dialog.showOpenDialog({
      title: 'Restore a Stock-Mate backup',
      properties: ['openFile'],
      filters: backupFilter,
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },

  async confirmRestore(path: string): Promise<boolean> {
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      message: 'Replace all data with this backup?',
      detail: `Everything in Stock-Mate now is replaced by the contents of ${path}.`,
      buttons: ['Restore', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });
    return response === 0;
  },

  async askRetry(message: string): Promise<boolean> {
    const { response } = await dialog.showMessageBox({
      type: 'error',
      message: 'The Stock-Mate database stopped',
      detail: message,
      buttons: ['Try again', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    return response === 0;
  },

  fatal(title: string, error: unknown): void {
    dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
  },
});

export type Dialogs = ReturnType<typeof createDialogs>;
