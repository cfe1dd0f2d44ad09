import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli-process.js';

/** The CLI's edges (#12.15): per-command help, --version, and a mistyped --data-dir that is said and left alone. */
describe('forgebell CLI edges', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('serve --help is about serve; --version prints the version of this build', () => {
    const help = runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: forgebell serve /);
    expect(help.stdout).toContain('--port N');
    expect(help.stdout).toContain('SIGTERM');
    expect(help.stdout).not.toContain('forgebell import FILE');
    expect(runCli(['help', 'doctor']).stdout).toMatch(/^Usage: forgebell doctor /);
    expect(runCli(['--help']).stdout).toMatch(/^Usage: forgebell <command>/);

    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = runCli([flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(`forgebell ${version}`);
    }
  });

  it('doctor and export on a mistyped --data-dir say there is no Forgebell data there and create nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'forgebell-typo-'));
    dirs.push(parent);
    const typo = join(parent, 'forgebel');
    const doctor = runCli(['doctor', '--data-dir', typo]);
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toContain(`no Forgebell data here — ${typo} does not exist`);
    expect(doctor.stderr).toContain('Check --data-dir');
    expect(doctor.stdout).not.toMatch(/forge account/i);
    const exported = runCli(['export', '--data-dir', typo]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('no Forgebell data here');
    expect(existsSync(typo)).toBe(false);

    // An existing folder without settings: doctor says so and still writes nothing into it.
    const empty = mkdtempSync(join(parent, 'empty-'));
    const inEmpty = runCli(['doctor', '--data-dir', empty]);
    expect(inEmpty.code).toBe(1);
    expect(inEmpty.stderr).toContain(`${empty} has no settings.json`);
    expect(existsSync(join(empty, 'settings.json'))).toBe(false);
  });
});
