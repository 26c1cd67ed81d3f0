/** Light, dark or the system's choice; remembered on this computer, applied before first paint. */
import { useEffect, useState } from 'react';

export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'stockmate.theme';
const listeners = new Set<(choice: ThemeChoice) => void>();
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export const storedTheme = (): ThemeChoice => {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
};

/** Sets data-theme on <html>; the stylesheet's colours follow it. */
export const applyTheme = (choice: ThemeChoice = storedTheme()): void => {
  const dark = choice === 'dark' || (choice === 'system' && darkQuery().matches);
  document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
};

export const setTheme = (choice: ThemeChoice): void => {
  localStorage.setItem(KEY, choice);
  applyTheme(choice);
  listeners.forEach((listener) => listener(choice));
};

/** Follows the system's setting while the choice is "system". */
export const watchSystemTheme = (): (() => void) => {
  const query = darkQuery();
  const changed = () => {
    if (storedTheme() === 'system') applyTheme('system');
  };
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
};

export const useTheme = (): [ThemeChoice, (choice: ThemeChoice) => void] => {
  const [choice, setChoice] = useState(storedTheme);
  useEffect(() => {
    listeners.add(setChoice);
    return () => void listeners.delete(setChoice);
  }, []);
  return [choice, setTheme];
};
