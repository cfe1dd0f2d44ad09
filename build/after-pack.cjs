// electron-builder afterPack hook: flips Electron fuses in the packaged binary, before signing
// (electron-builder signs after this hook, so the signature covers the flipped fuses).
// Uses @electron/fuses, which electron-builder depends on, through the packager's own
// addElectronFuses() when available so the binary path matches what electron-builder built.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook loaded by electron-builder */

const path = require('node:path');

function loadFuses() {
  try {
    return require('@electron/fuses');
  } catch {
    const builderDir = path.dirname(require.resolve('app-builder-lib/package.json'));
    return require(require.resolve('@electron/fuses', { paths: [builderDir] }));
  }
}

/**
 * The fuse wire for Forgebell. RunAsNode, NODE_OPTIONS and --inspect are off (no way to turn the
 * app into a general Node runtime); cookies are encrypted; the app loads only from its ASAR,
 * whose integrity is checked (macOS and Windows; Electron has no ASAR integrity on Linux).
 */
function fuseConfig(fuses, context) {
  const { FuseVersion, FuseV1Options } = fuses;
  return {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of arm64 macOS binaries; electron-builder re-signs after.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  };
}

function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** @param {import('app-builder-lib').AfterPackContext} context */
async function afterPack(context) {
  const fuses = loadFuses();
  const config = fuseConfig(fuses, context);
  if (typeof context.packager.addElectronFuses === 'function') {
    await context.packager.addElectronFuses(context, config);
  } else {
    await fuses.flipFuses(electronBinaryPath(context), config);
  }
}

module.exports = afterPack;
module.exports.afterPack = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.loadFuses = loadFuses;
