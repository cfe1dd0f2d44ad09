import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.js';

/** Prints once, up front, why the Electron tests will be skipped (Playwright's list reporter does not show skip reasons). */
export default function globalSetup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const binary = findElectronBinary(root);
  if (binary.path === null) console.log(`\n[electron e2e] SKIPPED: ${binary.reason}\n`);
  else console.log(`\n[electron e2e] using ${binary.path}\n`);
}
