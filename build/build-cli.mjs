// Bundles the CLI (`forgebell serve|import|export|doctor`) into one ESM file for installed use:
//   electron/cli/main.ts → dist/cli/forgebell.mjs
// bin/forgebell.js runs it when present (smaller and faster to start than compiling TypeScript on the fly).
// The bundle is a long-running engine's code, so it is built for memory (issue #16): no comments and no indentation
// (`minifyWhitespace`; names are kept, and the linked source map gives positions back). Some dependencies' comments
// hold characters beyond Latin-1 (undici's `response’s`), and one such character makes V8 keep the whole source as
// a two-byte string for the life of the process: 7 MB instead of 2 MB. `npm run bench:forges` bundles its engine
// with these same options.
import console from 'node:console';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Resolves a dependency's `import 'undici'` to electron/core/http/undici-slim.ts: the parts of undici the app uses,
 * not the package's index, which loads all of it (and Node's own copy with it): about 9 MB of RSS (issue #16).
 */
export const undiciSlim = {
  name: 'undici-slim',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: join(root, 'electron/core/http/undici-slim.ts') }));
  },
};

/** The esbuild options of the CLI bundle, less entry point and output (shared with the forges benchmark). */
export const CLI_BUNDLE_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
  plugins: [undiciSlim],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __forgebellCreateRequire } from 'node:module'; const require = __forgebellCreateRequire(import.meta.url);",
  },
};

export async function buildCli({ outfile = join(root, 'dist/cli/forgebell.mjs'), logLevel = 'warning' } = {}) {
  const result = await build({
    ...CLI_BUNDLE_OPTIONS,
    entryPoints: [join(root, 'electron/cli/main.ts')],
    outfile,
    sourcemap: 'linked',
    metafile: true,
    logLevel,
  });
  return result.metafile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const metafile = await buildCli();
  for (const [file, out] of Object.entries(metafile.outputs))
    if (!file.endsWith('.map')) console.log(`${file} ${(out.bytes / 1024).toFixed(1)} KiB`);
}
