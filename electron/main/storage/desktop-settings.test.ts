import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../contract/api.js';
import type { RedactedSettings } from '../../contract/schemas.js';
import { watchAccounts, withDesktopEffects } from './desktop-settings.js';

const settings: RedactedSettings = {
  pollIntervalSeconds: 60,
  retentionDays: 30,
  slack: {
    botTokenSet: false,
    appTokenSet: false,
    webhookUrlSet: false,
    apiUrl: 'https://slack.com/api/',
    defaultChannel: null,
    username: null,
    iconUrl: null,
    commandUsers: [],
  },
  accounts: [],
  proxy: { mode: 'system', url: null, passwordSet: false, noProxy: null },
  desktop: { notifications: true, theme: 'system', launchAtLogin: true },
};

describe('withDesktopEffects', () => {
  it('applies desktop settings after they change, whoever changed them', async () => {
    const base = {
      'settings.update': vi.fn(async () => settings),
      'settings.get': vi.fn(async () => settings),
      'accounts.save': vi.fn(async () => ({ ok: true, summary: 'ok', details: [] })),
      'accounts.remove': vi.fn(async () => ({ ok: true as const })),
      'status.get': vi.fn(),
    } as unknown as ApiHandlers;
    const onSettings = vi.fn();
    const wrapped = withDesktopEffects(base, onSettings);
    await wrapped['settings.update']({ desktop: { launchAtLogin: true } });
    await wrapped['accounts.save']({ id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x' });
    await wrapped['accounts.remove']({ id: 'gh' });
    expect(onSettings).toHaveBeenCalledTimes(3);
    expect(onSettings).toHaveBeenCalledWith(settings);
    expect(wrapped['status.get']).toBe(base['status.get']);
  });
});

describe('watchAccounts', () => {
  it('asks for the settings again only when the engine reports other accounts than those applied', () => {
    const changed = vi.fn();
    const watch = watchAccounts(changed);
    const gh = { id: 'gh', apiUrl: 'https://api.github.com' };
    watch.reported([gh]); // nothing applied yet: the startup read is on its way
    watch.applied([gh]);
    watch.reported([gh]);
    expect(changed).not.toHaveBeenCalled();
    // A device-flow sign-in saved a GHES account in the engine.
    watch.reported([gh, { id: 'work', apiUrl: 'https://ghes.example.com/api/v3' }]);
    expect(changed).toHaveBeenCalledTimes(1);
    watch.reported([{ id: 'work', apiUrl: 'https://ghes.example.com/api/v3' }, gh]);
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
