// electron-builder configuration for Forgebell installers.
//   npm run package                       (on each OS; needs internet to download Electron)
//   npx electron-builder --config build/electron-builder.config.cjs --mac|--win|--linux
// Notarisation (macOS) runs when Apple credentials are in the environment, one of:
//   APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER                (App Store Connect API key, preferred)
//   APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID
//   APPLE_KEYCHAIN + APPLE_KEYCHAIN_PROFILE
// Code signing uses electron-builder's usual variables (CSC_LINK / CSC_KEY_PASSWORD, WIN_CSC_LINK …).
'use strict';

/** @param {NodeJS.ProcessEnv} env */
function notarizeCredentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) return 'api-key';
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) return 'apple-id';
  if (env.APPLE_KEYCHAIN && env.APPLE_KEYCHAIN_PROFILE) return 'keychain-profile';
  return null;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {import('app-builder-lib').Configuration}
 */
function createConfig(env) {
  return {
    appId: 'dev.forgebell.app',
    productName: 'Forgebell',
    copyright: 'Copyright © Forgebell contributors',
    directories: { output: 'release', buildResources: 'build' },
    // dist/ holds the bundled main process, preload, renderer and tray icons; production
    // dependencies (better-sqlite3, electron-store …) are added by electron-builder.
    files: ['dist/**', 'package.json', '!dist/**/*.map'],
    asar: true,
    // The native SQLite module cannot be loaded from inside the ASAR archive.
    asarUnpack: ['**/node_modules/better-sqlite3/**', '**/*.node'],
    npmRebuild: true,
    // Electron fuses are flipped in this hook (before signing): see build/after-pack.cjs.
    afterPack: './build/after-pack.cjs',
    publish: null,
    mac: {
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      category: 'public.app-category.developer-tools',
      icon: 'build/icons/icon.png',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      notarize: notarizeCredentials(env) !== null,
      // A tray (menu-bar) app: no Dock icon until the window is opened (app.dock.show()).
      extendInfo: { LSUIElement: true },
    },
    dmg: { sign: false },
    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: 'build/icons/icon.png',
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'Forgebell',
      deleteAppDataOnUninstall: false,
    },
    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icons/png',
      category: 'Development',
      executableName: 'forgebell',
      maintainer: 'Forgebell contributors <hello@forgebell.dev>',
      synopsis: 'GitHub and GitLab activity in Slack, from your tray',
      desktop: { entry: { StartupWMClass: 'Forgebell' } },
    },
    // electron-builder's default deb dependencies already include libsecret-1-0 (safeStorage's keyring access).
  };
}

// electron-builder calls an exported function to get the configuration; tests call createConfig(env).
function config() {
  return createConfig(process.env);
}
config.createConfig = createConfig;
config.notarizeCredentials = notarizeCredentials;
module.exports = config;
