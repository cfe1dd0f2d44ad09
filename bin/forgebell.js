#!/usr/bin/env node
// Installed entry point: loads the TypeScript CLI through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
