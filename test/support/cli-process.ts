import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missingMallocEnvironment } from '../../electron/cli/malloc-relaunch.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

/** The TypeScript sources through tsx (default), or the bundled CLI with FORGEBELL_CLI=bundled (benchmarks). */
function cliArgs(): string[] {
  return process.env.FORGEBELL_CLI === 'bundled'
    ? [fileURLToPath(new URL('../../bin/forgebell.js', import.meta.url))]
    : ['--import', 'tsx', CLI];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `forgebell …` as a real process (the same entry point users run). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like runCli, without blocking this process: for commands that talk to fakes running in the test process (doctor). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...cliArgs(), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += String(d);
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface ServeProcess {
  url: string;
  token: string;
  child: ChildProcess;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `forgebell serve` and waits for its one ready line. It starts with serve's malloc settings already in its
 * environment, as the process serve replaces itself with (electron/cli/malloc-relaunch.ts), so tests do not pay for
 * loading the code twice; a test of the relaunch itself passes them as `undefined`.
 */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...cliArgs(), 'serve', '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...missingMallocEnvironment(process.platform, process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print its ready line within ${timeoutMs} ms. stderr:\n${err}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready. stderr:\n${err}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /^Forgebell UI: (http:\/\/\S+)#token=([0-9a-f]+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      let stopping = false;
      // A serve that dies under a test shows up as "Reconnecting…" in the page: say why in the test's output.
      child.once('exit', (code, signal) => {
        if (stopping) return;
        process.stderr.write(
          `forgebell serve (pid ${child.pid}) exited during the test with ${signal ?? `code ${code}`}. Its stderr:\n${err}\n`,
        );
      });
      resolve({
        url: m[1]!,
        token: m[2]!,
        child,
        stderr: () => err,
        stop: (signal = 'SIGTERM') =>
          new Promise((res) => {
            stopping = true;
            if (child.exitCode !== null || child.signalCode !== null) return res(child.exitCode);
            child.once('exit', (code) => res(code));
            child.kill(signal);
          }),
      });
    });
  });
}
