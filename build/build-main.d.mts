import type { Metafile } from 'esbuild';

export declare const MAIN_EXTERNALS: string[];
export declare function buildMain(options?: {
  outDir?: string;
  minify?: boolean;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
}): Promise<{ main: Metafile; preload: Metafile }>;
