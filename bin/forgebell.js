#!/usr/bin/env node
// Installed entry point: the bundled CLI (dist/cli, built by `npm run build`) when present, else the
// TypeScript sources through tsx's loader.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/cli/forgebell.mjs', import.meta.url);
let main;
if (existsSync(bundled)) {
  ({ main } = await import(bundled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../electron/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
