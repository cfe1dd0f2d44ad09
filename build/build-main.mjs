// Bundles the Electron main process and the preload with esbuild:
//   electron/main/main.ts       → dist/main/main.cjs      (Node 22 inside Electron 45, CommonJS)
//   electron/preload/preload.ts → dist/preload/preload.cjs (sandboxed preload: must be one CommonJS file)
// and copies the tray icons to dist/icons/tray. Usage: node build/build-main.mjs [--minify]
import console from 'node:console';
import { cp, mkdir, rm } from 'node:fs/promises';
import process from 'node:process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { undiciSlim } from './build-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Left to node_modules at run time: Electron itself, the native SQLite module (unpacked from ASAR),
 * electron-store (ESM-only, loaded with import()), and ws's optional native helpers.
 */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'electron-store', 'bufferutil', 'utf-8-validate'];

export async function buildMain({ outDir = join(root, 'dist'), minify = false, logLevel = 'warning' } = {}) {
  await rm(join(outDir, 'main'), { recursive: true, force: true });
  await rm(join(outDir, 'preload'), { recursive: true, force: true });
  const common = {
    bundle: true,
    format: 'cjs',
    sourcemap: 'linked',
    minify,
    logLevel,
    legalComments: 'none',
    metafile: true,
    absWorkingDir: root,
  };
  const [main, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron/main/main.ts')],
      outfile: join(outDir, 'main/main.cjs'),
      platform: 'node',
      target: 'node22',
      external: MAIN_EXTERNALS,
      // As the CLI bundle (build/build-cli.mjs), for the engine's memory: undici's parts, not its index; no comments
      // (some are beyond Latin-1 and would make V8 hold the whole source two bytes per character).
      plugins: [undiciSlim],
      minifyWhitespace: true,
      // ESM sources bundled to CommonJS: give import.meta.url its CommonJS meaning.
      define: { 'import.meta.url': '__forgebellImportMetaUrl' },
      banner: { js: "const __forgebellImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron/preload/preload.ts')],
      outfile: join(outDir, 'preload/preload.cjs'),
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
    }),
  ]);
  await mkdir(join(outDir, 'icons'), { recursive: true });
  await rm(join(outDir, 'icons/tray'), { recursive: true, force: true });
  await cp(join(root, 'build/icons/tray'), join(outDir, 'icons/tray'), { recursive: true });
  return { main: main.metafile, preload: preload.metafile };
}

function outputSizes(metafile) {
  return Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, out]) => `${relative(root, join(root, file))} ${(out.bytes / 1024).toFixed(1)} KiB`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await buildMain({ minify: process.argv.includes('--minify') });
  for (const line of [...outputSizes(result.main), ...outputSizes(result.preload)]) console.log(line);
}
