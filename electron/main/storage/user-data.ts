import { isAbsolute, resolve } from 'node:path';

/**
 * Where the app keeps its data when told otherwise than Electron's default userData folder:
 * FORGEBELL_USER_DATA (the e2e tests give each test a fresh one), then `--user-data-dir=DIR`,
 * then FORGEBELL_DATA_DIR (the same variable the CLI honours, so both share state). Null = default.
 */
export function userDataOverride(env: NodeJS.ProcessEnv, argv: readonly string[], cwd: string): string | null {
  const fromEnv = env.FORGEBELL_USER_DATA?.trim();
  if (fromEnv) return isAbsolute(fromEnv) ? fromEnv : resolve(cwd, fromEnv);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg.startsWith('--user-data-dir=')) value = arg.slice('--user-data-dir='.length);
    else if (arg === '--user-data-dir') value = argv[i + 1];
    if (value) return isAbsolute(value) ? value : resolve(cwd, value);
  }
  const shared = env.FORGEBELL_DATA_DIR?.trim();
  if (shared) return isAbsolute(shared) ? shared : resolve(cwd, shared);
  return null;
}
