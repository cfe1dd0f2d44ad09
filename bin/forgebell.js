#!/usr/bin/env node
// Installed entry point: runs the bundled CLI (dist/cli, built by `npm run build`). In a development checkout
// without a build it falls back to the TypeScript sources through tsx (a devDependency).
import { existsSync } from 'node:fs';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `Forgebell needs Node.js 22 or newer; this is ${process.version}. Install a maintained Node.js (22 or 24).`,
  );
  process.exit(1);
}
const bundled = new URL('../dist/cli/forgebell.mjs', import.meta.url);
let main;
if (existsSync(bundled)) {
  ({ main } = await import(bundled.href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('Forgebell is not built: run `npm run build` in its folder (the CLI runs dist/cli/forgebell.mjs).');
    process.exit(1);
  }
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
