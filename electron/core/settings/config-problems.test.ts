import { describe, expect, it } from 'vitest';
import { readConfigText } from './config-problems.js';
import { planImport } from './config-transfer.js';
import { configFileSchema } from './config-schema.js';
import { emptySettings } from './settings-model.js';

const account = (id: string) => ({ id, forge: 'github', apiUrl: 'https://api.github.com', token: null });

describe('reading a config file: every problem in one round, each with its path and rule', () => {
  it('a bad branch pattern names the rule, and duplicates are reported with the rest, not after them (#12.15, #12.9)', () => {
    const file = {
      version: 1,
      pollIntervalSeconds: 0,
      slack: { botToken: 'xapp-1', defaultChannel: '#general' },
      accounts: [account('gh'), account('gh'), { ...account('x'), caFile: '/nowhere/ca.pem' }],
      subscriptions: [
        { account: 'gh', repo: 'o/r', branches: ['main', 'release/'] },
        { account: 'gh', repo: 'o/r' },
        { account: 'nobody', repo: 'o/other', events: ['issues', 'nonsense'] },
        { account: 'gh', repo: 'not a repo', sparkle: true },
        { account: 'gh', repo: 'o/third', branches: 'release/*' },
      ],
    };
    const reading = readConfigText(JSON.stringify(file), 'team.json');
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'accounts[1].id: duplicate account id "gh"',
      'accounts[2].caFile: file not found: /nowhere/ca.pem',
      'pollIntervalSeconds: minimum is 1 second',
      'slack.botToken: a bot token starts with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)',
      'slack.defaultChannel: write the channel name without "#"',
      'subscriptions[0].branches[1]: cannot start or end with "/"',
      'subscriptions[1]: duplicate subscription (same account, repo and channel)',
      'subscriptions[2].account: no account with id "nobody" in accounts[]',
      expect.stringMatching(/^subscriptions\[2\]\.events\[1\]: /),
      expect.stringMatching(/^subscriptions\[3\]\.repo: must be owner\/name/),
      'subscriptions[3].sparkle: unknown key (check the spelling against the config format)',
      'subscriptions[4].branches: "release/*" is not one of the presets (default, protected, default_and_protected, all); to name branches or globs, write a list: ["release/*"]',
    ]);
    expect(reading.summary).toBe('team.json is not a valid Forgebell config (12 problems); nothing was changed.');
  });

  it('says where JSON syntax breaks', () => {
    const reading = readConfigText('{\n  "version": 1,\n  oops\n}', 'team.json');
    expect(reading).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/^team\.json is not valid JSON: line 3, column 3: /),
    });
  });
});

describe('planImport: what an import would add, change and remove, nothing changed', () => {
  it('lists removals as clearly as additions, and the settings it changes', () => {
    const current = emptySettings();
    current.pollIntervalSeconds = 60;
    current.slack = { ...current.slack, botToken: 'xoxb-kept', defaultChannel: 'general' };
    current.accounts = [{ id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null }];
    current.subscriptions = [
      configFileSchema.parse({
        version: 1,
        accounts: [account('gh')],
        slack: { defaultChannel: 'general' },
        subscriptions: [{ account: 'gh', repo: 'o/one' }],
      }).subscriptions[0]!,
      configFileSchema.parse({
        version: 1,
        accounts: [account('gh')],
        slack: { defaultChannel: 'general' },
        subscriptions: [{ account: 'gh', repo: 'o/two' }],
      }).subscriptions[0]!,
    ].map((s, i) => ({ ...s, id: `s${i}`, createdAt: '2025-01-01T00:00:00Z' }));
    const before = JSON.stringify(current);
    const file = configFileSchema.parse({ version: 1, pollIntervalSeconds: 30, slack: { defaultChannel: 'general' } });
    const plan = planImport(current, file, new Date('2025-06-01T00:00:00Z'));
    expect(plan).toEqual({
      accounts: { added: [], updated: [], removed: ['gh'] },
      subscriptions: { added: [], updated: [], unchanged: [], removed: ['gh:o/one', 'gh:o/two'] },
      settings: ['poll interval 60 s → 30 s'],
      forgotten: [],
    });
    expect(JSON.stringify(current)).toBe(before);
  });
});
