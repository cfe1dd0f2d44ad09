import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { path: string; reason: null } | { path: null; reason: string };

/**
 * Finds the Electron executable the way node_modules/electron/index.js does, without requiring that
 * module (which tries to download the binary when it is missing). Never throws.
 */
export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkgDir = join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json')))
    return { path: null, reason: 'the electron package is not installed (npm install).' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
    return existsSync(candidate)
      ? { path: candidate, reason: null }
      : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist.` };
  }
  if (!relative) {
    return {
      path: null,
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline). ' +
        'On a machine with internet run `node node_modules/electron/install.js`, then rerun.',
    };
  }
  const binary = join(pkgDir, 'dist', relative);
  if (!existsSync(binary))
    return { path: null, reason: `no Electron binary at ${binary}; run \`node node_modules/electron/install.js\`.` };
  return { path: binary, reason: null };
}
