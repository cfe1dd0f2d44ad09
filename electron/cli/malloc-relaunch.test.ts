// How serve decides to replace itself with a process started with glibc's malloc settings (malloc-relaunch.ts).
// The real relaunch, in a real serve process, is in test/integration/serve-malloc.test.ts.
import { describe, expect, it } from 'vitest';
import { missingMallocEnvironment, type RelaunchProcess, relaunchWithMallocSettings } from './malloc-relaunch.js';

interface Exec {
  file: string;
  args: readonly string[] | undefined;
  env: NodeJS.ProcessEnv | undefined;
}

const runnable = (): boolean => true;

function fakeProcess(over: Partial<RelaunchProcess> = {}): { p: RelaunchProcess; execs: Exec[] } {
  const execs: Exec[] = [];
  const p: RelaunchProcess = {
    platform: 'linux',
    env: { PATH: '/usr/bin', HOME: '/home/ada' },
    execPath: '/usr/bin/node',
    execArgv: ['--import', 'tsx'],
    argv: ['/usr/bin/node', '/opt/forgebell/bin/forgebell.js', 'serve', '--port', '8080'],
    execve: (file, args, env) => {
      execs.push({ file, args, env });
      // The real execve never returns; the stand-in stops the relaunch as it would.
      throw new Error('replaced');
    },
    ...over,
  };
  return { p, execs };
}

describe('relaunchWithMallocSettings', () => {
  it('on Linux, starts the same command with the same Node flags, adding both settings to the environment', () => {
    const { p, execs } = fakeProcess();
    relaunchWithMallocSettings(p, runnable);
    expect(execs).toEqual([
      {
        file: '/usr/bin/node',
        args: ['/usr/bin/node', '--import', 'tsx', '/opt/forgebell/bin/forgebell.js', 'serve', '--port', '8080'],
        env: { PATH: '/usr/bin', HOME: '/home/ada', MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' },
      },
    ]);
  });

  it('keeps a value the user set and adds only what is missing', () => {
    const { p, execs } = fakeProcess({ env: { MALLOC_ARENA_MAX: '4' } });
    relaunchWithMallocSettings(p, runnable);
    expect(execs.map((e) => e.env)).toEqual([{ MALLOC_ARENA_MAX: '4', MALLOC_TRIM_THRESHOLD_: '131072' }]);
  });

  it('does nothing once both are set (the relaunched process carries on)', () => {
    const { p, execs } = fakeProcess({ env: { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' } });
    relaunchWithMallocSettings(p, runnable);
    expect(execs).toEqual([]);
  });

  it('does nothing on macOS and Windows, which have other allocators', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { p, execs } = fakeProcess({ platform });
      relaunchWithMallocSettings(p, runnable);
      expect(execs).toEqual([]);
      expect(missingMallocEnvironment(platform, {})).toEqual({});
    }
  });

  it('carries on with the defaults where Node has no execve or execve fails', () => {
    const { p } = fakeProcess({ execve: undefined });
    expect(() => relaunchWithMallocSettings(p)).not.toThrow();
    const failing = fakeProcess({
      execve: () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    });
    expect(() => relaunchWithMallocSettings(failing.p, runnable)).not.toThrow();
    // Node's program gone (an upgrade removed it): no execve at all, since some Node versions abort on its failure.
    const gone = fakeProcess();
    relaunchWithMallocSettings(gone.p, () => false);
    expect(gone.execs).toEqual([]);
  });
});
