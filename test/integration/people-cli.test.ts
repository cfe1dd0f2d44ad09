import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../support/cli-process.js';
import { startTestWorld, type TestWorld } from '../support/world.js';

/** `forgebell import/export/doctor` with people (docs/cli-and-config.md §4), as real processes. */

const BOB_TOKEN = 'ghp_bobsOwnClassicToken000000000000000000';
const FINE = 'github_pat_fineGrainedBobToken0000000000000000000000';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('people through the CLI', () => {
  let world: TestWorld;
  afterEach(async () => world?.close());

  it('import seals their tokens, export prints them as null, re-importing the export keeps them', async () => {
    world = await startTestWorld({
      configure: (config) => {
        config.people = [
          {
            slack: 'U0BOB00001',
            accounts: { github: 'bob' },
            tokens: { github: BOB_TOKEN },
            timeZone: 'Europe/Berlin',
            quietHours: { from: '19:00', to: '08:00', weekends: true },
          },
        ];
      },
    });
    const imported = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/People: 1 added: U0BOB00001, 0 updated, 0 removed/);
    for (const file of filesUnder(world.dataDir))
      expect(readFileSync(file).includes(BOB_TOKEN), `the token in ${file}`).toBe(false);

    const exported = runCli(['export', '--data-dir', world.dataDir]);
    expect(exported.code).toBe(0);
    const file = JSON.parse(exported.stdout) as { people: Record<string, unknown>[] };
    expect(file.people).toEqual([
      {
        slack: 'U0BOB00001',
        accounts: { github: 'bob' },
        tokens: { github: null },
        notify: [
          'review_requested',
          'mentioned',
          'assigned',
          'my_pulls_reviewed',
          'my_pulls_merged',
          'my_pipelines_failed',
        ],
        timeZone: 'Europe/Berlin',
        quietHours: { from: '19:00', to: '08:00', weekends: true },
        digest: null,
      },
    ]);
    writeFileSync(world.configPath, exported.stdout);
    const again = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/People: 0 added, 0 updated, 0 removed/);

    // doctor, from its own process, checks the stored token with the person's identity.
    world.github.addToken(BOB_TOKEN, { login: 'bob', scopes: ['repo'] });
    const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
    expect(doctor.stdout).toMatch(/ok {3}Person U0BOB00001: github token: Valid \(bob; scopes repo\)/);
  }, 60_000);

  it('refuses a file with people problems, listing each with its JSON path; nothing changes', async () => {
    world = await startTestWorld({
      configure: (config) => {
        config.people = [
          { slack: 'U0ALICE001', accounts: { github: 'alice' } },
          { slack: 'bob', accounts: { github: 'ALICE', nowhere: 'bob' }, timeZone: 'Nowhere/City' },
        ];
      },
    });
    const result = runCli(['import', world.configPath, '--data-dir', world.dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/people\[1\]\.slack/);
    expect(result.stderr).toMatch(
      /people\[1\]\.accounts\.github: login "ALICE" on account github is already claimed by people\[0\]/,
    );
    expect(result.stderr).toMatch(/people\[1\]\.accounts\.nowhere: no account with id "nowhere"/);
    expect(result.stderr).toMatch(/people\[1\]\.timeZone: unknown time zone "Nowhere\/City"/);
  });

  it('doctor flags a fine-grained token (no notifications), a refused one and a login the forge does not know', async () => {
    world = await startTestWorld({
      configure: (config) => {
        config.people = [
          { slack: 'U0BOB00001', accounts: { github: 'bob' }, tokens: { github: FINE } },
          {
            slack: 'U0CAROL001',
            accounts: { github: 'carol' },
            tokens: { github: 'ghp_revokedCarolToken00000000000000000000' },
          },
          { slack: 'U0DAVE0001', accounts: { github: 'no-such-dave' } },
        ];
      },
    });
    world.github.world.user('bob');
    world.github.world.user('carol');
    world.github.addToken(FINE, { login: 'bob', scopes: null });
    expect(runCli(['import', world.configPath, '--data-dir', world.dataDir]).code).toBe(0);
    const doctor = await runCliAsync(['doctor', '--data-dir', world.dataDir]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /FAIL Person U0BOB00001: github token: Valid \(bob\), but it is a fine-grained token/,
    );
    expect(doctor.stdout).toMatch(
      /FAIL Person U0CAROL001: github token: The forge refused the token \(revoked or expired\)/,
    );
    expect(doctor.stdout).toMatch(/FAIL Person U0DAVE0001: github login: There is no user "no-such-dave" on github/);
    expect(doctor.stdout).toMatch(/ok {3}Slack scopes for people: users:read, im:write and im:history are granted/);
  }, 60_000);
});
