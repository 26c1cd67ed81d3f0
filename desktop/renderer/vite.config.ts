/**
 * Builds the renderer into out/desktop/renderer/ with relative asset paths, so the same bundle
 * loads from file:// inside Electron and from the local server in a browser.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// Electron's main process and the browser fallback both load the bundle from here.
const rendererOutDir = fileURLToPath(new URL('../../out/desktop/renderer/', import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  // A build started from a test runner inherits NODE_ENV=test, which would ship React's slow
  // development build; the mode alone decides.
  define: {
    'process.env.NODE_ENV': JSON.stringify(mode === 'development' ? 'development' : 'production'),
  },
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
}));
