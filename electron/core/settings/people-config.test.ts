import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AesGcmCipher } from './aes-cipher.js';
import { configFileSchema, problemsOf } from './config-schema.js';
import { applyConfigFile, formatImportSummary, toConfigFile } from './config-transfer.js';
import { openConfStore } from './json-file-store.js';
import { emptySettings, type Settings } from './settings-model.js';
import { SettingsRepository } from './settings-repository.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const ACCOUNTS = [
  { id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: null },
  { id: 'work', forge: 'gitlab', apiUrl: 'https://gitlab.corp/api/v4', token: null },
];

const file = (people: unknown[], accounts: unknown[] = ACCOUNTS) =>
  configFileSchema.parse({ version: 1, slack: { defaultChannel: 'dev' }, accounts, people });

function problems(people: unknown[], extra: Record<string, unknown> = {}): { path: string; message: string }[] {
  const result = configFileSchema.safeParse({ version: 1, accounts: ACCOUNTS, people, ...extra });
  return result.success ? [] : problemsOf(result.error);
}

describe('people in the config file (docs/cli-and-config.md §4)', () => {
  it('fills the documented defaults', () => {
    const [person] = file([{ slack: 'U0ALICE01', accounts: { github: 'alice' } }]).people;
    expect(person).toEqual({
      slack: 'U0ALICE01',
      accounts: { github: 'alice' },
      tokens: {},
      notify: [
        'review_requested',
        'mentioned',
        'assigned',
        'my_pulls_reviewed',
        'my_pulls_merged',
        'my_pipelines_failed',
      ],
      timeZone: 'UTC',
      quietHours: null,
      digest: null,
    });
    const sub = configFileSchema.parse({
      version: 1,
      slack: { defaultChannel: 'dev' },
      accounts: ACCOUNTS,
      subscriptions: [{ account: 'github', repo: 'o/r' }],
    }).subscriptions[0];
    expect(sub).toMatchObject({ mentions: true, actors: { bots: true, exclude: [], only: [] } });
  });

  it('lists every problem at once, each with its JSON path', () => {
    const found = problems([
      { slack: 'alice', accounts: { github: 'alice' } },
      {
        slack: 'U0BOB0001',
        accounts: { github: 'Alice', nope: 'bob' },
        tokens: { gone: 'ghp_x' },
        notify: ['everything'],
        timeZone: 'Mars/Olympus',
        quietHours: { from: '7pm', to: '07:00' },
      },
      { slack: 'U0BOB0001', quietHours: { from: '08:00', to: '08:00' }, digest: { at: '25:00' } },
    ]);
    const paths = found.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'people[0].slack',
        'people[1].accounts.github',
        'people[1].accounts.nope',
        'people[1].tokens.gone',
        'people[1].notify[0]',
        'people[1].timeZone',
        'people[1].quietHours.from',
        'people[2].slack',
        'people[2].quietHours.to',
        'people[2].digest.at',
      ]),
    );
    const message = (path: string) => found.find((p) => p.path === path)?.message;
    expect(message('people[1].accounts.github')).toMatch(
      /login "Alice" on account github is already claimed by people\[0]/,
    );
    expect(message('people[1].accounts.nope')).toMatch(/no account with id "nope"/);
    expect(message('people[1].timeZone')).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(message('people[0].slack')).toMatch(/U0123ABCD/);
    expect(message('people[2].slack')).toMatch(/already people\[1]/);
  });

  it('refuses bad actor filters with their paths', () => {
    const found = problems([], {
      slack: { defaultChannel: 'dev' },
      subscriptions: [{ account: 'github', repo: 'o/r', actors: { exclude: ['@renovate', 'two words'], extra: 1 } }],
    });
    expect(found.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'subscriptions[0].actors.exclude[0]',
        'subscriptions[0].actors.exclude[1]',
        'subscriptions[0].actors.extra',
      ]),
    );
  });
});

describe('importing and exporting people', () => {
  const withAlice = (): Settings => ({
    ...emptySettings(),
    accounts: [
      { id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_owner', caFile: null },
      { id: 'work', forge: 'gitlab', apiUrl: 'https://gitlab.corp/api/v4', token: 'glpat-owner', caFile: null },
    ],
    people: [
      {
        slack: 'U0ALICE01',
        accounts: { github: 'alice', work: 'alice.s' },
        tokens: { github: 'gho_alice', work: 'glpat-alice' },
        notify: ['review_requested'],
        timeZone: 'Europe/Berlin',
        quietHours: null,
        digest: null,
      },
    ],
    owner: 'U0ALICE01',
  });

  it('a null or an unmentioned token keeps the stored one; a string replaces it; the summary names people', () => {
    const { settings, summary } = applyConfigFile(
      withAlice(),
      file([
        { slack: 'U0ALICE01', accounts: { github: 'alice' }, tokens: { github: null }, notify: ['mentioned'] },
        { slack: 'U0BOB0001', accounts: { work: 'bob' }, tokens: { work: 'glpat-bob' } },
      ]),
      NOW,
    );
    expect(settings.people.map((p) => [p.slack, p.tokens])).toEqual([
      ['U0ALICE01', { github: 'gho_alice', work: 'glpat-alice' }],
      ['U0BOB0001', { work: 'glpat-bob' }],
    ]);
    expect(summary.people).toEqual({ added: ['U0BOB0001'], updated: ['U0ALICE01'], removed: [] });
    expect(formatImportSummary(summary, 'x')).toContain('People: 1 added: U0BOB0001, 1 updated: U0ALICE01, 0 removed');
    expect(settings.owner).toBe('U0ALICE01');
  });

  it('a person left out is removed with their tokens, and stops being the owner', () => {
    const { settings, summary } = applyConfigFile(withAlice(), file([]), NOW);
    expect(settings.people).toEqual([]);
    expect(settings.owner).toBeNull();
    expect(summary.people.removed).toEqual(['U0ALICE01']);
  });

  it("an account whose API URL moves forgets every person's token for it, unless the file brings one (§8)", () => {
    const moved = file(
      [{ slack: 'U0ALICE01', accounts: { github: 'alice', work: 'alice.s' } }],
      [ACCOUNTS[0], { ...ACCOUNTS[1], apiUrl: 'https://gitlab.other/api/v4' }],
    );
    const { settings, forgotten } = applyConfigFile(withAlice(), moved, NOW);
    expect(settings.people[0]?.tokens).toEqual({ github: 'gho_alice' });
    expect(forgotten.map((f) => f.ref)).toEqual(['accounts.work.token', 'people.U0ALICE01.tokens.work']);

    const withNew = file(
      [{ slack: 'U0ALICE01', accounts: { work: 'alice.s' }, tokens: { work: 'glpat-new' } }],
      [ACCOUNTS[0], { ...ACCOUNTS[1], apiUrl: 'https://gitlab.other/api/v4' }],
    );
    expect(applyConfigFile(withAlice(), withNew, NOW).settings.people[0]?.tokens.work).toBe('glpat-new');
  });

  it('export prints each token key with null; re-importing the export changes nothing', () => {
    const exported = toConfigFile(withAlice());
    expect(exported.people[0]?.tokens).toEqual({ github: null, work: null });
    expect(JSON.stringify(exported)).not.toMatch(/gho_alice|glpat-alice/);
    const again = applyConfigFile(withAlice(), configFileSchema.parse(JSON.parse(JSON.stringify(exported))), NOW);
    expect(again.summary.people).toEqual({ added: [], updated: [], removed: [] });
    expect(again.settings.people).toEqual(withAlice().people);
  });
});

describe("people's tokens at rest", () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('are sealed on disk, opened with the key, and withheld (keys kept) without it', () => {
    dir = mkdtempSync(join(tmpdir(), 'forgebell-people-'));
    const { store } = openConfStore(dir);
    const repo = new SettingsRepository(store, new AesGcmCipher(randomBytes(32)));
    const settings: Settings = {
      ...emptySettings(),
      accounts: [{ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: null, caFile: null }],
      people: [
        {
          slack: 'U0ALICE01',
          accounts: { github: 'alice' },
          tokens: { github: 'gho_secretAlice' },
          notify: [],
          timeZone: 'UTC',
          quietHours: { from: '19:00', to: '08:00', weekends: true },
          digest: null,
        },
      ],
    };
    repo.save(settings);
    expect(readFileSync(store.path, 'utf8')).not.toContain('gho_secretAlice');
    expect(repo.load().people[0]?.tokens.github).toBe('gho_secretAlice');
    const withheld = repo.loadWithoutSecrets();
    expect(toConfigFile(withheld).people[0]?.tokens).toEqual({ github: null });
    expect(JSON.stringify(withheld)).not.toContain('gho_secretAlice');
  });
});
