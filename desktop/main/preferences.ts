/**
 * What the app remembers between runs: the window's place, whether notifications are paused, and
 * the connection mode the user chose. One small JSON file, written whole (a crash leaves the old
 * or the new file, never half of one); a damaged file means defaults, not a failed start.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ensureDir, writeFileAtomic } from '../../cloud/local/files';

const rect = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});

const schema = z.object({
  window: z.object({ bounds: rect, maximized: z.boolean() }).nullable().catch(null),
  notificationsPaused: z.boolean().catch(false),
  mode: z.enum(['local', 'cloud']).nullable().catch(null),
});

export type Preferences = z.infer<typeof schema>;

export const defaultPreferences: Preferences = {
  window: null,
  notificationsPaused: false,
  mode: null,
};

/** Reads preferences from text; whatever is missing or wrong takes its default. */
export const parsePreferences = (text: string): Preferences => {
  try {
    const parsed = schema.safeParse({ ...defaultPreferences, ...(JSON.parse(text) as object) });
    return parsed.success ? parsed.data : defaultPreferences;
  } catch {
    return defaultPreferences;
  }
};

/** Opens the preferences file; updates are written in order, each one whole. */
export const openPreferences = async (
  file: string,
  log: (message: string, error?: unknown) => void = () => undefined,
) => {
  let current = defaultPreferences;
  try {
    current = parsePreferences(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('preferences unreadable', error);
  }
  let writing: Promise<void> = Promise.resolve();
  return {
    get: (): Preferences => current,
    /** Changes some preferences; resolves when they are on disk. */
    update(patch: Partial<Preferences>): Promise<void> {
      current = { ...current, ...patch };
      const snapshot = `${JSON.stringify(current, null, 2)}\n`;
      writing = writing
        .then(async () => {
          await ensureDir(dirname(file));
          await writeFileAtomic(file, snapshot, 0o600);
        })
        .catch((error: unknown) => log('preferences could not be saved', error));
      return writing;
    },
  };
};

export type PreferencesStore = Awaited<ReturnType<typeof openPreferences>>;
