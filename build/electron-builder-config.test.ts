import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const CONFIG_FILE = 'build/electron-builder.config.cjs';

interface ConfigModule {
  (): Configuration;
  createConfig(env: NodeJS.ProcessEnv): Configuration;
}
interface FuseModule {
  FuseVersion: { V1: string };
  FuseV1Options: Record<string, number>;
}
interface AfterPackModule {
  (context: unknown): Promise<void>;
  afterPack(context: unknown): Promise<void>;
  fuseConfig(fuses: FuseModule, context: { electronPlatformName: string }): Record<string, unknown>;
  loadFuses(): FuseModule;
}

const configModule = require(join(root, CONFIG_FILE)) as ConfigModule;
const afterPackModule = require(join(root, 'build/after-pack.cjs')) as AfterPackModule;

async function loadConfig(): Promise<Configuration> {
  // The same loader electron-builder uses for `--config build/electron-builder.config.cjs`.
  return getConfig(root, CONFIG_FILE, null);
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked for real: a misspelt option is rejected', async () => {
    const config = await loadConfig();
    const broken = { ...config, nsis: { ...config.nsis, oneclick: false } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.nsis/);
  });

  it('names the app and builds every installer of the issue', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.forgebell.app');
    expect(config.productName).toBe('Forgebell');
    // getConfig normalises `files` into file sets.
    expect(JSON.stringify(config.files)).toContain('"dist/**","package.json"');
    expect(config.directories?.output).toBe('release');
    expect(config.mac?.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('unpacks the native SQLite module from the ASAR', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**']));
  });

  it('points at files that exist: entitlements and icons', async () => {
    const config = await loadConfig();
    for (const file of [
      config.mac?.entitlements,
      config.mac?.entitlementsInherit,
      config.mac?.icon,
      config.win?.icon,
    ]) {
      expect(typeof file === 'string' && existsSync(join(root, file))).toBe(true);
    }
    expect(existsSync(join(root, String(config.linux?.icon), '512x512.png'))).toBe(true);
  });

  it('notarises only when Apple credentials are in the environment', () => {
    expect(configModule.createConfig({}).mac?.notarize).toBe(false);
    expect(
      configModule.createConfig({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'ID', APPLE_API_ISSUER: 'iss' }).mac
        ?.notarize,
    ).toBe(true);
    expect(
      configModule.createConfig({ APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' }).mac
        ?.notarize,
    ).toBe(true);
    expect(configModule.createConfig({ APPLE_ID: 'a@b.c' }).mac?.notarize).toBe(false);
  });
});

describe('afterPack fuse hook', () => {
  it('is wired in the configuration and resolves to this hook', async () => {
    const config = await loadConfig();
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(require.resolve(resolve(root, String(config.afterPack)))).toBe(join(root, 'build/after-pack.cjs'));
    expect(typeof afterPackModule).toBe('function');
    expect(afterPackModule.afterPack).toBe(afterPackModule);
    // Fuses are flipped once, by the hook, not also by electron-builder's electronFuses option.
    expect(config.electronFuses ?? null).toBeNull();
  });

  it('sets every fuse the issue asks for', () => {
    const fuses = afterPackModule.loadFuses();
    const config = afterPackModule.fuseConfig(fuses, { electronPlatformName: 'linux' });
    const o = fuses.FuseV1Options;
    expect(config).toEqual({
      version: fuses.FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [String(o.RunAsNode)]: false,
      [String(o.EnableNodeOptionsEnvironmentVariable)]: false,
      [String(o.EnableNodeCliInspectArguments)]: false,
      [String(o.EnableCookieEncryption)]: true,
      [String(o.OnlyLoadAppFromAsar)]: true,
      [String(o.EnableEmbeddedAsarIntegrityValidation)]: true,
    });
    expect(afterPackModule.fuseConfig(fuses, { electronPlatformName: 'darwin' }).resetAdHocDarwinSignature).toBe(true);
  });

  it("hands the fuses to electron-builder's packager for the packed binary", async () => {
    const addElectronFuses = vi.fn(async () => 0);
    const context = {
      appOutDir: '/tmp/out/linux-unpacked',
      electronPlatformName: 'linux',
      packager: { addElectronFuses },
    };
    await afterPackModule(context);
    expect(addElectronFuses).toHaveBeenCalledOnce();
    expect(addElectronFuses).toHaveBeenCalledWith(
      context,
      afterPackModule.fuseConfig(afterPackModule.loadFuses(), context),
    );
  });
});
