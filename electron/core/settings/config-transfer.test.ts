import { describe, expect, it } from 'vitest';
import { configFileSchema, problemsOf } from './config-schema.js';
import { applyConfigFile, formatImportSummary } from './config-transfer.js';
import { emptySettings, type Settings } from './settings-model.js';

const NOW = new Date('2025-06-02T09:00:00Z');

function stored(): Settings {
  const s = emptySettings();
  return {
    ...s,
    slack: { ...s.slack, botToken: 'xoxb-old', appToken: 'xapp-old', apiUrl: 'https://slack.com/api/' },
    accounts: [{ id: 'work', forge: 'gitlab', apiUrl: 'https://gitlab.corp/api/v4', token: 'glpat-old', caFile: null }],
  };
}

const file = (over: Record<string, unknown>) =>
  configFileSchema.parse({
    version: 1,
    slack: { botToken: null, appToken: null, apiUrl: 'https://slack.com/api/' },
    accounts: [{ id: 'work', forge: 'gitlab', apiUrl: 'https://gitlab.corp/api/v4', token: null }],
    ...over,
  });

describe('import: a null secret keeps the stored one, unless its API URL moved (docs/cli-and-config.md §8)', () => {
  it('same hosts: every stored token is kept', () => {
    const { settings, forgotten } = applyConfigFile(stored(), file({}), NOW);
    expect(forgotten).toEqual([]);
    expect(settings.accounts[0]?.token).toBe('glpat-old');
    expect(settings.slack.botToken).toBe('xoxb-old');
  });

  it('an account moved with token null: its token is forgotten and the summary says so', () => {
    const moved = file({
      accounts: [{ id: 'work', forge: 'gitlab', apiUrl: 'https://other.example/api/v4', token: null }],
    });
    const { settings, summary, forgotten } = applyConfigFile(stored(), moved, NOW);
    expect(settings.accounts[0]?.token).toBeNull();
    expect(forgotten.map((f) => f.ref)).toEqual(['accounts.work.token']);
    expect(formatImportSummary(summary, '/data/config.json', forgotten)).toContain(
      'Forgotten because the API URL moved to another host (enter it again for the new host): the token of account work (was for https://gitlab.corp, now https://other.example).',
    );
  });

  it('Slack moved with a new bot token in the file: the bot token is the new one, the app token is forgotten', () => {
    const moved = file({ slack: { botToken: 'xoxb-new', appToken: null, apiUrl: 'https://slack.gov/api/' } });
    const { settings, summary, forgotten } = applyConfigFile(stored(), moved, NOW);
    expect(settings.slack).toMatchObject({ botToken: 'xoxb-new', appToken: null });
    expect(forgotten.map((f) => f.ref)).toEqual(['slack.appToken']);
    expect(summary.slack).toMatchObject({ botToken: true, appToken: false });
  });

  it('plain http:// API URLs are refused with their JSON path, loopback excepted', () => {
    const result = configFileSchema.safeParse({
      version: 1,
      slack: { apiUrl: 'http://slack.corp/api/' },
      accounts: [
        { id: 'a', forge: 'gitlab', apiUrl: 'http://gitlab.corp/api/v4', token: null },
        { id: 'b', forge: 'github', apiUrl: 'http://127.0.0.1:8080', token: null },
      ],
    });
    expect(result.success).toBe(false);
    expect(problemsOf(result.error!).map((p) => p.path)).toEqual(['slack.apiUrl', 'accounts[0].apiUrl']);
  });
});
