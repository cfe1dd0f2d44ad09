import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../test/support/in-memory-ports.js';
import { accountTokenRef } from '../settings/secret-origins.js';

describe('SettingsService', () => {
  it('saves the change and hands the engine the before/after diff', async () => {
    const m = memorySettings();
    const { diff, settings } = await m.access.update((s) => ({ ...s, pollIntervalSeconds: 5 }));
    expect(settings.pollIntervalSeconds).toBe(5);
    expect(m.saved.at(-1)?.pollIntervalSeconds).toBe(5);
    expect(diff).toMatchObject({ pollInterval: true, slackDelivery: false, any: true });
    expect(m.updates).toHaveLength(1);
  });

  it('the mutator works on a copy: nothing changes when it or the save throws', async () => {
    const m = memorySettings((s) => void (s.slack.defaultChannel = 'general'));
    await expect(
      m.access.update((s) => {
        s.slack.defaultChannel = 'changed';
        throw new Error('invalid');
      }),
    ).rejects.toThrow('invalid');
    m.failNextSave(new Error('ENOSPC'));
    await expect(m.access.update((s) => ({ ...s, pollIntervalSeconds: 9 }))).rejects.toThrow('ENOSPC');
    expect(m.access.current().slack.defaultChannel).toBe('general');
    expect(m.access.current().pollIntervalSeconds).toBe(60);
    expect(m.updates).toEqual([]);
  });

  it('forgets a token whose API URL moved, unless the change brings it (docs/cli-and-config.md §8)', async () => {
    const m = memorySettings((s) => {
      s.accounts.push({ id: 'gh', forge: 'github', apiUrl: 'https://ghe.corp/api/v3', token: 'ghp_old', caFile: null });
    });
    const move = (s: Parameters<Parameters<typeof m.access.update>[0]>[0]) => ({
      ...s,
      accounts: s.accounts.map((a) => ({ ...a, apiUrl: 'https://ghe.other/api/v3' })),
    });
    const moved = await m.access.update(move);
    expect(moved.settings.accounts[0]?.token).toBeNull();
    expect(moved.forgotten.map((f) => f.ref)).toEqual(['accounts.gh.token']);
    expect(m.saved.at(-1)?.accounts[0]?.token).toBeNull();

    const m2 = memorySettings((s) => {
      s.accounts.push({ id: 'gh', forge: 'github', apiUrl: 'https://ghe.corp/api/v3', token: 'ghp_old', caFile: null });
    });
    const kept = await m2.access.update(move, { fresh: [accountTokenRef('gh')] });
    expect(kept.settings.accounts[0]?.token).toBe('ghp_old');
  });
});
