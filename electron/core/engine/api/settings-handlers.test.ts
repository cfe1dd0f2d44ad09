import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../../test/support/in-memory-ports.js';
import { configHandlers } from './config-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { slackHandlers } from './slack-handlers.js';

const clock = {
  now: () => Date.parse('2025-06-02T09:00:00Z'),
  monotonic: () => 0,
  setTimeout: () => ({ cancel: () => undefined }),
};

function withSlack() {
  return memorySettings((s) => {
    s.slack = {
      ...s.slack,
      botToken: 'xoxb-old',
      appToken: 'xapp-old',
      apiUrl: 'https://slack.com/api/',
      defaultChannel: 'general',
    };
    s.accounts.push({
      id: 'work',
      forge: 'gitlab',
      apiUrl: 'https://gitlab.corp/api/v4',
      token: 'glpat-old',
      caFile: null,
    });
  });
}

describe('settings.*, slack.*, config.*, feed.* against in-memory ports', () => {
  it('settings.update changes what it is given and answers without secrets', async () => {
    const settings = withSlack();
    const h = settingsHandlers({ settings: settings.access, tryRoute: (_route, work) => work(undefined) });
    const answer = await h['settings.update']({ pollIntervalSeconds: 30, desktop: { theme: 'dark' } });
    expect(answer).toMatchObject({ pollIntervalSeconds: 30, desktop: { theme: 'dark', notifications: false } });
    expect(JSON.stringify(answer)).not.toMatch(/xoxb|glpat/);
    expect(settings.updates.at(-1)?.diff).toMatchObject({ pollInterval: true, desktop: true, slackDelivery: false });
  });

  it.each([
    [
      'forgets both stored tokens',
      {},
      { botToken: null, appToken: null },
      /the Slack bot token.*the Slack app-level token/,
    ],
    [
      'with a new bot token keeps that one',
      { botToken: 'xoxb-other' },
      { botToken: 'xoxb-other', appToken: null },
      /: the Slack app-level token \(was/,
    ],
  ])('slack.save with a new Slack URL %s (#10.3)', async (_name, tokens, expected, note) => {
    const settings = withSlack();
    const checked: string[] = [];
    const h = slackHandlers({
      settings: settings.access,
      // The live token check answers "works" without a network: this test is about what is kept.
      slackRoute: async <T>(url: string, _work: (d: Dispatcher | undefined) => Promise<T>) => {
        checked.push(url);
        return [{ ok: true, summary: 'Works.', details: [] }] as T;
      },
      listChannels: () => null,
    });
    const result = await h['slack.save']({ apiUrl: 'https://slack.gov/api/', ...tokens });
    expect(settings.access.current().slack).toMatchObject({ apiUrl: 'https://slack.gov/api/', ...expected });
    expect(checked).toEqual(['https://slack.gov/api/']);
    expect(result.summary).toMatch(note);
    expect(result.details.at(-1)).toMatchObject({ ok: false, label: 'Stored tokens' });
  });

  it('slack.save never replaces a working token with one that just failed its check, unless "Save anyway" (#12.1)', async () => {
    const settings = withSlack();
    const refused = { ok: false, summary: 'Slack does not know this token (invalid_auth).', details: [] };
    const h = slackHandlers({
      settings: settings.access,
      slackRoute: async <T>() => [refused] as T,
      listChannels: () => null,
    });
    expect(await h['slack.save']({ botToken: 'xoxb-wrong-token' })).toMatchObject({
      ok: false,
      summary: refused.summary,
    });
    expect(settings.saved).toEqual([]);
    expect(settings.access.current().slack.botToken).toBe('xoxb-old');
    // The user's explicit choice saves it, and the answer still says what is wrong with it.
    expect(await h['slack.save']({ botToken: 'xoxb-wrong-token', force: true })).toMatchObject({ ok: false });
    expect(settings.access.current().slack.botToken).toBe('xoxb-wrong-token');
    // A token of the wrong kind is never saved, forced or not.
    const wrongKind = slackHandlers({
      settings: settings.access,
      slackRoute: async <T>() =>
        [
          { ok: false, summary: 'An app-level token.', details: [{ ok: false, label: 'Token type', message: 'x' }] },
        ] as T,
      listChannels: () => null,
    });
    await wrongKind['slack.save']({ botToken: 'xapp-1', force: true });
    expect(settings.access.current().slack.botToken).toBe('xoxb-wrong-token');
  });

  it('config.import says what it forgot when an account moved with token null (#10.3)', async () => {
    const settings = withSlack();
    const h = configHandlers({ settings: settings.access, clock });
    const { summary } = await h['config.import']({
      json: JSON.stringify({
        version: 1,
        slack: { apiUrl: 'https://slack.com/api/', defaultChannel: 'general' },
        accounts: [{ id: 'work', forge: 'gitlab', apiUrl: 'https://gitlab.other/api/v4', token: null }],
      }),
    });
    expect(summary).toMatch(
      /the token of account work \(was for https:\/\/gitlab\.corp, now https:\/\/gitlab\.other\)/,
    );
    expect(settings.access.current().accounts[0]?.token).toBeNull();
    expect(settings.access.current().slack.botToken).toBe('xoxb-old');
    expect(JSON.parse((await h['config.export']({})).json).accounts[0].token).toBeNull();
  });
});
