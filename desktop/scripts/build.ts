/**
 * Builds the desktop shell into out/desktop: the main and backend processes as ES modules, the
 * preload as CommonJS (sandboxed preloads cannot load ES modules), the files the backend reads at
 * run time beside its bundle, the icons, and the renderer with Vite when its config exists.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { pgliteExtensions } from '../../cloud/db/adapters/engine';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where each part lands inside the output folder (main.ts finds the others relative to itself). */
export const outputLayout = (outDir: string) => ({
  main: join(outDir, 'main', 'main.mjs'),
  preload: join(outDir, 'preload', 'preload.cjs'),
  backend: join(outDir, 'backend', 'server', 'backend-process.mjs'),
  assets: join(outDir, 'assets'),
  renderer: join(outDir, 'renderer'),
});

// Bundled CommonJS packages still call require() for Node built-ins; an ES module has none.
const requireShim = [
  "import { createRequire as __stockmateRequire } from 'node:module';",
  'const require = __stockmateRequire(import.meta.url);',
].join('\n');

// Optional native helpers of ws and pg: absent here, and both packages work without them.
const optionalNative = ['bufferutil', 'utf-8-validate', 'pg-native'];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The backend's sources find these files relative to their own module (`import.meta.url`); in the
 * bundle that is the bundle itself, so each goes where its relative path points from there.
 */
const backendFiles = async (root: string) => {
  const workflows = join(root, 'cloud', 'workflows');
  const asl = (await readdir(workflows)).filter((f) => f.endsWith('.asl.json'));
  const pglite = join(root, 'node_modules', '@electric-sql', 'pglite', 'dist');
  return [
    { from: join(root, 'cloud', 'db', 'migrations'), to: 'migrations' },
    ...asl.map((f) => ({ from: join(workflows, f), to: f })),
    {
      from: join(root, 'shared', 'schema', 'schema.graphql'),
      to: '../../shared/schema/schema.graphql',
    },
    ...['pglite.wasm', 'pglite.data', 'initdb.wasm'].map((f) => ({ from: join(pglite, f), to: f })),
    // Each contrib module loads its bundle from one folder up (dist/contrib/x.js → dist/x.tar.gz).
    ...Object.keys(pgliteExtensions).map((name) => ({
      from: join(pglite, `${name}.tar.gz`),
      to: `../${name}.tar.gz`,
    })),
  ];
};

/**
 * The packaged app's own package.json: everything is bundled, so it names the entry and no
 * dependencies (electron-builder then packs out/desktop alone, without node_modules).
 */
export const writeAppManifest = async (outDir: string, root = projectRoot): Promise<void> => {
  const project = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
    description: string;
  };
  const manifest = {
    name: 'stock-mate',
    productName: 'Stock-Mate',
    version: project.version,
    description: project.description,
    author: 'Stock-Mate',
    license: 'UNLICENSED',
    type: 'module',
    main: 'main/main.mjs',
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
};

/** Bundles main, preload and backend process and copies what they read at run time. */
export const buildShell = async (outDir: string, root = projectRoot): Promise<void> => {
  const out = outputLayout(outDir);
  await Promise.all(
    [
      dirname(out.main),
      dirname(out.preload),
      join(outDir, 'backend'),
      join(outDir, 'shared'),
      out.assets,
    ].map((d) => rm(d, { recursive: true, force: true })),
  );
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'desktop', 'main', 'main.ts')],
      outfile: out.main,
      format: 'esm',
      external: ['electron', ...optionalNative],
      banner: { js: requireShim },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'desktop', 'preload', 'preload.ts')],
      outfile: out.preload,
      format: 'cjs',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: [join(root, 'desktop', 'main', 'backend-process.ts')],
      outfile: out.backend,
      format: 'esm',
      external: ['electron', ...optionalNative],
      banner: { js: requireShim },
    }),
  ]);
  for (const file of await backendFiles(root)) {
    const target = join(dirname(out.backend), file.to);
    await mkdir(dirname(target), { recursive: true });
    await cp(file.from, target, { recursive: true });
  }
  await cp(join(root, 'desktop', 'assets'), out.assets, { recursive: true });
  await writeAppManifest(outDir, root);
};

/** The renderer's Vite config, when the renderer exists. */
export const rendererConfig = (root = projectRoot): string | null => {
  const config = join(root, 'desktop', 'renderer', 'vite.config.ts');
  return existsSync(config) ? config : null;
};

interface RendererHelper {
  ensureRendererBuilt?: () => Promise<boolean>;
}

/**
 * Builds the renderer into out/desktop/renderer: through the renderer's own helper when it has
 * one (it skips a build that is still fresh), else with its Vite config.
 */
export const buildRenderer = async (root = projectRoot): Promise<'built' | 'fresh' | 'missing'> => {
  const helper = join(root, 'desktop', 'renderer', 'build.ts');
  if (existsSync(helper)) {
    const loaded = (await import(pathToFileURL(helper).href)) as RendererHelper;
    if (typeof loaded.ensureRendererBuilt === 'function') {
      return (await loaded.ensureRendererBuilt()) ? 'built' : 'fresh';
    }
  }
  const configFile = rendererConfig(root);
  if (configFile === null) return 'missing';
  const vite = await import('vite');
  await vite.build({ configFile, logLevel: 'warn' });
  return 'built';
};

const main = async () => {
  const outDir = join(projectRoot, 'out', 'desktop');
  await buildShell(outDir);
  console.log(`built the desktop shell into ${outDir}`);
  if (await buildRenderer())
    console.log(`built the renderer into ${outputLayout(outDir).renderer}`);
  else console.log('desktop/renderer/vite.config.ts is missing: the renderer was not built');
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('the desktop build failed:', error);
    process.exit(1);
  });
}
