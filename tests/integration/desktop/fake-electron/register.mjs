// Loaded with --import: makes `import … from 'electron'` load the stand-in next to this file.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
