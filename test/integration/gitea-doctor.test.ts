import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGiteaFake, type GiteaFake } from '../fakes/gitea/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { runCli, runCliAsync } from '../support/cli-process.js';
import { type HttpsFront, startHttpsFront } from './network/https-front.js';
import { createTestCertificates } from './network/test-ca.js';

/** `forgebell doctor` on a Gitea account: DNS, TLS with the account's own CA, the token, the server version, scopes. */
let slack: SlackFake | undefined;
let giteas: GiteaFake[] = [];
let fronts: HttpsFront[] = [];
let dir: string | undefined;

afterEach(async () => {
  await Promise.all([slack?.close(), ...giteas.map((g) => g.close()), ...fronts.map((f) => f.close())]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  slack = dir = undefined;
  giteas = [];
  fronts = [];
});

async function doctor(accounts: Record<string, unknown>[]): Promise<{ code: number | null; stdout: string }> {
  const dataDir = join(dir!, `data-${Math.random().toString(36).slice(2)}`);
  const configPath = join(dir!, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      version: 1,
      slack: { botToken: slack!.botToken, apiUrl: slack!.apiUrl, defaultChannel: 'general' },
      accounts,
    }),
  );
  const imported = runCli(['import', configPath, '--data-dir', dataDir]);
  expect(imported.code, imported.stderr).toBe(0);
  return runCliAsync(['doctor', '--data-dir', dataDir]);
}

describe('forgebell doctor on Gitea/Forgejo accounts', () => {
  it('checks TLS with the custom CA, the token, the version and each scope, and says what to tick', async () => {
    slack = await startSlackFake();
    dir = mkdtempSync(join(tmpdir(), 'forgebell-gitea-doctor-'));
    const certs = createTestCertificates(dir);
    const gitea = await startGiteaFake({ version: '1.22.3', scopes: ['read:user', 'read:repository'] });
    giteas.push(gitea);
    const front = await startHttpsFront({ key: certs.key, cert: certs.cert, target: gitea.url });
    fronts.push(front);
    const apiUrl = `${front.url}/api/v1`;

    const withCa = await doctor([{ id: 'tea', forge: 'gitea', apiUrl, token: gitea.token, caFile: certs.caFile }]);
    expect(withCa.stdout).toMatch(/ok {3}tea \(gitea\): DNS/);
    expect(withCa.stdout).toMatch(/ok {3}tea \(gitea\): TLS/);
    expect(withCa.stdout).toMatch(/ok {3}tea \(gitea\): auth: Signed in as gitea-user/);
    expect(withCa.stdout).toMatch(/ok {3}tea \(gitea\): server version: Gitea 1\.22\.3/);
    expect(withCa.stdout).toMatch(/ok {3}tea \(gitea\): scope read:repository/);
    expect(withCa.stdout).toMatch(
      /FAIL tea \(gitea\): scope read:issue: The token lacks read:issue.*Fix: .*\/user\/settings\/applications/,
    );
    expect(withCa.stdout).not.toContain(gitea.token);
    expect(withCa.code).toBe(1);

    const withoutCa = await doctor([{ id: 'tea', forge: 'gitea', apiUrl, token: gitea.token }]);
    expect(withoutCa.stdout).toMatch(/FAIL tea \(gitea\): TLS: .*Fix: .*CA/i);
  });

  it('says which version is needed on a Gitea older than the activity-feeds API', async () => {
    slack = await startSlackFake();
    dir = mkdtempSync(join(tmpdir(), 'forgebell-gitea-doctor-'));
    const old = await startGiteaFake({ version: '1.19.4' });
    giteas.push(old);
    const result = await doctor([{ id: 'old', forge: 'gitea', apiUrl: old.apiUrl, token: old.token }]);
    expect(result.stdout).toMatch(
      /FAIL old \(gitea\): server version: Gitea 1\.19\.4 has no repository activity feeds API.*Fix: Upgrade to Gitea 1\.20 or later/,
    );
    expect(result.code).toBe(1);
  });
});
