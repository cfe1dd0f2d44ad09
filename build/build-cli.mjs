// Bundles the CLI (`forgebell serve|import|export|doctor`) into one ESM file for installed use:
//   electron/cli/main.ts → dist/cli/forgebell.mjs
// bin/forgebell.js runs it when present (smaller and faster to start than compiling TypeScript on the fly).
import console from 'node:console';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const result = await build({
  entryPoints: [join(root, 'electron/cli/main.ts')],
  outfile: join(root, 'dist/cli/forgebell.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __forgebellCreateRequire } from 'node:module'; const require = __forgebellCreateRequire(import.meta.url);",
  },
});
for (const [file, out] of Object.entries(result.metafile.outputs))
  if (!file.endsWith('.map')) console.log(`${file} ${(out.bytes / 1024).toFixed(1)} KiB`);
