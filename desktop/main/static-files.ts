/**
 * Serving the built renderer from a folder: the desktop app's `app://` protocol and the browser
 * fallback of `npm start` both map a request path to a file here. Paths never leave the folder,
 * and routes of the single-page app (no file extension) get its index.html.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The content type of a file by its extension. */
export const contentTypeOf = (path: string): string =>
  TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export type Resolved =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden' };

/**
 * The file under `root` a URL path names: index.html for `/` and for app routes (paths without
 * an extension); nothing for paths that would climb out of `root`.
 */
export const resolveStaticPath = (root: string, urlPath: string): Resolved => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '/');
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  // Browsers resolve `..` before asking; one that arrives here (encoded) is an attempt to climb.
  if (decoded.split('/').includes('..')) return { kind: 'forbidden' };
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const base = normalize(root.endsWith(sep) ? root : `${root}${sep}`);
  if (relative === '' || relative === '.' || extname(relative) === '') {
    return { kind: 'file', path: join(base, 'index.html') };
  }
  const path = join(base, relative);
  return path.startsWith(base) ? { kind: 'file', path } : { kind: 'forbidden' };
};

/** Reads what `resolveStaticPath` found; null when there is no such file. */
export const readStatic = async (
  resolved: Resolved,
): Promise<{ readonly body: Buffer; readonly type: string } | null> => {
  if (resolved.kind !== 'file') return null;
  try {
    if (!(await stat(resolved.path)).isFile()) return null;
    return { body: await readFile(resolved.path), type: contentTypeOf(resolved.path) };
  } catch {
    return null;
  }
};
