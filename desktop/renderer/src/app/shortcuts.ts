/**
 * Keyboard shortcuts. Plain keys ("/", "n", "?") are ignored while typing in a field; keys with
 * Alt or Ctrl work everywhere.
 */
import { useEffect, useRef } from 'react';

export type ShortcutMap = Readonly<Record<string, () => void>>;

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** "Alt+1", "Ctrl+k", "/" — the name of a key press as the maps spell it. */
export const keyName = (event: KeyboardEvent): string => {
  const modified = event.altKey || event.ctrlKey || event.metaKey;
  // With Alt, a layout may type another character ("®" for Option+R on a Mac): read the key's place.
  const key = event.code.startsWith('Digit')
    ? event.code.slice(5)
    : modified && event.code.startsWith('Key')
      ? event.code.slice(3).toLowerCase()
      : event.key;
  return `${event.ctrlKey || event.metaKey ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${key}`;
};

export const useShortcuts = (map: ShortcutMap): void => {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const pressed = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const name = keyName(event);
      const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
      if (plain && typing(event.target)) return;
      const action = current.current[name];
      if (action === undefined) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', pressed);
    return () => window.removeEventListener('keydown', pressed);
  }, []);
};
