import { describe, expect, it } from 'vitest';
import { emptySettings, type Settings } from './settings-model.js';
import { describeForgotten, forgetMovedSecrets, originOf, type SecretRef } from './secret-origins.js';

function settings(
  over: {
    slackUrl?: string;
    accountUrl?: string;
    bot?: string | null;
    app?: string | null;
    token?: string | null;
  } = {},
): Settings {
  const s = emptySettings();
  return {
    ...s,
    slack: {
      ...s.slack,
      apiUrl: over.slackUrl ?? 'https://slack.com/api/',
      botToken: over.bot === undefined ? 'xoxb-old' : over.bot,
      appToken: over.app === undefined ? 'xapp-old' : over.app,
    },
    accounts: [
      {
        id: 'work',
        forge: 'gitlab',
        apiUrl: over.accountUrl ?? 'https://gitlab.corp/api/v4',
        token: over.token === undefined ? 'glpat-old' : over.token,
        caFile: null,
      },
    ],
  };
}

describe('stored secrets follow their host (docs/cli-and-config.md §8)', () => {
  it.each<[string, Settings, SecretRef[], string[]]>([
    ['nothing moved', settings(), [], []],
    ['same origin, other path (v3 → v4)', settings({ accountUrl: 'https://gitlab.corp/api/v3' }), [], []],
    ['upper-case host is the same origin', settings({ accountUrl: 'https://GITLAB.corp/api/v4' }), [], []],
    [
      'account moved: token forgotten',
      settings({ accountUrl: 'https://evil.example/api/v4' }),
      [],
      ['accounts.work.token'],
    ],
    [
      'account moved to another port',
      settings({ accountUrl: 'https://gitlab.corp:8443/api/v4' }),
      [],
      ['accounts.work.token'],
    ],
    [
      'account moved with a new token in the change',
      settings({ accountUrl: 'https://new.example/api/v4', token: 'glpat-new' }),
      [],
      [],
    ],
    [
      'account moved, same token typed again for it',
      settings({ accountUrl: 'https://new.example/api/v4' }),
      ['accounts.work.token'],
      [],
    ],
    [
      'Slack moved: both tokens forgotten',
      settings({ slackUrl: 'https://slack.gov/api/' }),
      [],
      ['slack.botToken', 'slack.appToken'],
    ],
    [
      'Slack moved, new bot token given',
      settings({ slackUrl: 'https://slack.gov/api/', bot: 'xoxb-new' }),
      [],
      ['slack.appToken'],
    ],
    [
      'Slack moved, app token re-entered',
      settings({ slackUrl: 'https://slack.gov/api/' }),
      ['slack.appToken'],
      ['slack.botToken'],
    ],
  ])('%s', (_name, after, fresh, forgotten) => {
    const result = forgetMovedSecrets(settings(), after, fresh);
    expect(result.forgotten.map((f) => f.ref)).toEqual(forgotten);
    const s = result.settings;
    if (forgotten.includes('accounts.work.token')) expect(s.accounts[0]?.token).toBeNull();
    else expect(s.accounts[0]?.token).toBe(after.accounts[0]?.token);
    expect(s.slack.botToken).toBe(forgotten.includes('slack.botToken') ? null : after.slack.botToken);
    expect(s.slack.appToken).toBe(forgotten.includes('slack.appToken') ? null : after.slack.appToken);
  });

  it('a new account is not a move, and the sentence names what was forgotten and where it was for', () => {
    const before = { ...settings(), accounts: [] };
    expect(forgetMovedSecrets(before, settings(), []).forgotten).toEqual([]);
    const { forgotten } = forgetMovedSecrets(settings(), settings({ accountUrl: 'https://evil.example/api/v4' }), []);
    expect(describeForgotten(forgotten)).toBe(
      'Forgotten because the API URL moved to another host (enter it again for the new host): the token of account work (was for https://gitlab.corp, now https://evil.example).',
    );
    expect(describeForgotten([])).toBe('');
    expect(originOf('not a url')).toBe('invalid:not a url');
  });
});
