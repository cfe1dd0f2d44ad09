import { describe, expect, it } from 'vitest';
import { diffSettings, type SettingsDiff } from './settings-diff.js';
import { emptySettings, type Settings } from './settings-model.js';

function base(): Settings {
  const s = emptySettings();
  return {
    ...s,
    slack: { ...s.slack, botToken: 'xoxb-1', appToken: 'xapp-1', defaultChannel: 'general' },
    accounts: [
      { id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_1', caFile: null },
      { id: 'gl', forge: 'gitlab', apiUrl: 'https://gitlab.com/api/v4', token: 'glpat-1', caFile: null },
    ],
  };
}

type Flags = Partial<Omit<SettingsDiff, 'accounts' | 'personalTokens' | 'any'>> & {
  accounts?: string[];
  personalTokens?: string[];
};

const person = (over: Partial<Settings['people'][number]>): Settings['people'][number] => ({
  slack: 'U0ALICE01',
  accounts: { gh: 'alice' },
  tokens: {},
  notify: [],
  timeZone: 'UTC',
  quietHours: null,
  digest: null,
  ...over,
});

describe('diffSettings: what a change touched, from before and after', () => {
  it.each<[string, (s: Settings) => void, Flags]>([
    ['nothing', () => undefined, {}],
    ['bot token', (s) => void (s.slack.botToken = 'xoxb-2'), { slackDelivery: true }],
    ['webhook', (s) => void (s.slack.webhookUrl = 'https://hooks.slack.com/services/x'), { slackDelivery: true }],
    ['bot name', (s) => void (s.slack.username = 'Bot'), { slackDelivery: true }],
    ['app token', (s) => void (s.slack.appToken = 'xapp-2'), { slackSocket: true }],
    [
      'Slack API URL',
      (s) => void (s.slack.apiUrl = 'https://slack.gov/api/'),
      { slackDelivery: true, slackSocket: true },
    ],
    ['a paired user', (s) => void s.slack.commandUsers.push('U1'), { slackOther: true }],
    ['default channel', (s) => void (s.slack.defaultChannel = 'dev'), { slackOther: true }],
    ['one account token', (s) => void (s.accounts[1]!.token = 'glpat-2'), { accounts: ['gl'] }],
    [
      'an account added',
      (s) => void s.accounts.push({ id: 'x', forge: 'github', apiUrl: 'https://a', token: null, caFile: null }),
      { accounts: ['x'] },
    ],
    ['an account removed', (s) => void s.accounts.shift(), { accounts: ['gh'] }],
    ['proxy', (s) => void (s.proxy = { mode: 'manual', url: 'http://p:1', noProxy: null }), { proxy: true }],
    ['poll interval', (s) => void (s.pollIntervalSeconds = 5), { pollInterval: true }],
    ['desktop', (s) => void (s.desktop.theme = 'dark'), { desktop: true }],
    ['a person added', (s) => void s.people.push(person({})), { people: true }],
    [
      "a person's token",
      (s) => void s.people.push(person({ tokens: { gh: 'gho_x' } })),
      { people: true, personalTokens: ['gh'] },
    ],
    ['the owner', (s) => void (s.owner = 'U0ALICE01'), { people: true }],
    [
      'a digest',
      (s) =>
        void s.digests.push({
          channel: 'dev',
          at: '09:30',
          days: ['mon'],
          timeZone: 'UTC',
          repos: [],
          ignoreDrafts: true,
          staleAfterDays: 2,
        }),
      { digests: true },
    ],
  ])('%s', (_name, change, flags) => {
    const before = base();
    const after = structuredClone(before);
    change(after);
    const diff = diffSettings(before, after);
    const expected: SettingsDiff = {
      slackDelivery: false,
      slackSocket: false,
      slackOther: false,
      subscriptions: false,
      people: false,
      digests: false,
      proxy: false,
      pollInterval: false,
      desktop: false,
      ...flags,
      accounts: new Set(flags.accounts ?? []),
      personalTokens: new Set(flags.personalTokens ?? []),
      any: Object.keys(flags).length > 0,
    };
    expect(diff).toEqual(expected);
  });

  it('key order does not make an unchanged account look changed', () => {
    const before = base();
    const after = structuredClone(before);
    after.accounts[0] = { caFile: null, token: 'ghp_1', apiUrl: 'https://api.github.com', forge: 'github', id: 'gh' };
    expect(diffSettings(before, after).any).toBe(false);
  });
});
