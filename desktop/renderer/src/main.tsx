/** The renderer's entry: the theme first (no flash of the wrong colours), then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Boot } from './app/Boot';
import { applyTheme, watchSystemTheme } from './app/theme';

applyTheme();
watchSystemTheme();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <Boot />
  </StrictMode>,
);
