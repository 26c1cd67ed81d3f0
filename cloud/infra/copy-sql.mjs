// Bundling hook of the migration function: copies the migrations' .sql files into the bundle.
// A Node script rather than `cp`, so bundling works the same on Linux, macOS and Windows.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
if (from === undefined || to === undefined) {
  console.error('usage: node copy-sql.mjs <from folder> <to folder>');
  process.exit(2);
}
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((file) => file.endsWith('.sql'));
if (files.length === 0) {
  console.error(`no .sql files in ${from}`);
  process.exit(1);
}
for (const file of files) copyFileSync(join(from, file), join(to, file));
