import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export declare const undiciSlim: Plugin;
export declare const CLI_BUNDLE_OPTIONS: BuildOptions;
export declare function buildCli(options?: {
  outfile?: string;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<Metafile>;
