import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../../test/fixtures/sample-events.js';
import {
  memoryAdapter,
  memorySettings,
  memorySlackWeb,
  recordingLogger,
} from '../../../../test/support/in-memory-ports.js';
import type { RepoInfo } from '../../events/forge-event.js';
import type { Settings } from '../../settings/settings-model.js';
import { previewLinks } from './link-previews.js';

const WEB = 'https://github.com';
const link = (repo: string): string => `${WEB}/${repo}/issues/1`;

function subscribe(s: Settings, repo: string, channel: string | null, channels: Record<string, string> = {}): void {
  s.subscriptions.push({
    id: `${repo}-${channel}`,
    createdAt: '2025-06-02T09:00:00Z',
    account: 'github',
    repo,
    enabled: true,
    events: ['issues'],
    channel,
    channels,
    branches: 'default',
    labels: { include: [], exclude: [], match: 'any' },
    onlyBrokenPipelines: true,
    drafts: false,
    threads: true,
    mentions: true,
    reactions: true,
    actors: { bots: true, exclude: [], only: [] },
  });
}

async function preview(
  setup: (s: Settings) => void,
  repos: Record<string, RepoInfo['visibility']>,
  event: { channel: string; links: string[]; source?: string },
): Promise<string[]> {
  const settings = memorySettings((s) => {
    s.slack.defaultChannel = 'general';
    s.accounts.push({ id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null });
    setup(s);
  });
  const adapter = memoryAdapter('github', WEB);
  for (const [repo, visibility] of Object.entries(repos)) {
    adapter.repos.set(repo, visibility);
    adapter.described.set(link(repo), sampleEvent('issues', { repo, title: `Title of ${repo}`, url: link(repo) }));
  }
  const web = memorySlackWeb({ general: 'C0GENERAL1', ops: 'C0OPS00001' });
  await previewLinks(
    {
      settings: settings.access,
      adapter: () => adapter,
      slackWeb: () => web,
      logger: recordingLogger(),
      patternMembers: (id) => (id === 'octo/*-ops' ? [{ path: 'octo/private-a' }, { path: 'octo/legacy-b' }] : []),
    },
    {
      channel: event.channel,
      message_ts: '1.0',
      ...(event.source ? { source: event.source, unfurl_id: 'U1' } : {}),
      links: event.links.map((url) => ({ url })),
    },
  );
  return web.unfurls.flatMap((u) => Object.keys(u.unfurls));
}

describe('link previews show only what the channel could already see (#10.2, docs/cli-and-config.md §8)', () => {
  it.each<[string, (s: Settings) => void, Record<string, RepoInfo['visibility']>, string, string[]]>([
    [
      'private, subscribed here by channel name',
      (s) => subscribe(s, 'o/private', 'general'),
      { 'o/private': 'private' },
      'C0GENERAL1',
      ['o/private'],
    ],
    [
      'private, subscribed here by channel ID',
      (s) => subscribe(s, 'o/private', 'C0GENERAL1'),
      { 'o/private': 'private' },
      'C0GENERAL1',
      ['o/private'],
    ],
    [
      'private, subscribed here through the default channel',
      (s) => subscribe(s, 'o/private', null),
      { 'o/private': 'private' },
      'C0GENERAL1',
      ['o/private'],
    ],
    [
      'private, a per-event channel posts here',
      (s) => subscribe(s, 'O/Private', 'ops', { pulls: 'general' }),
      { 'o/private': 'private' },
      'C0GENERAL1',
      ['o/private'],
    ],
    [
      'private, subscribed in another channel only',
      (s) => subscribe(s, 'o/private', 'ops'),
      { 'o/private': 'private' },
      'C0GENERAL1',
      [],
    ],
    ['private, not subscribed anywhere', () => undefined, { 'o/private': 'private' }, 'C0GENERAL1', []],
    [
      'internal (every user of the instance) is not public',
      () => undefined,
      { 'o/internal': 'internal' },
      'C0GENERAL1',
      [],
    ],
    ['visibility unknown is not public', () => undefined, { 'o/unknown': null }, 'C0GENERAL1', []],
    ['public, not subscribed', () => undefined, { 'o/public': 'public' }, 'C0GENERAL1', ['o/public']],
    ['a repository the token cannot read', () => undefined, {}, 'C0GENERAL1', []],
  ])('%s', async (_name, setup, repos, channel, expected) => {
    const links = [...Object.keys(repos), 'o/missing'].map(link);
    const shown = await preview(setup, repos, { channel, links });
    expect(shown).toEqual(expected.map(link));
  });

  it('from the message composer (no channel): only public repositories', async () => {
    const shown = await preview(
      (s) => subscribe(s, 'o/private', 'general'),
      { 'o/private': 'private', 'o/public': 'public' },
      { channel: 'COMPOSER', source: 'composer', links: [link('o/private'), link('o/public')] },
    );
    expect(shown).toEqual([link('o/public')]);
  });
});

describe('link previews and pattern subscriptions', () => {
  it('a private repository a pattern follows in that channel is previewed there; one it leaves out is not', async () => {
    const shown = await preview(
      (s) => {
        subscribe(s, 'octo/*', 'ops');
        (s.subscriptions[0] as { excludeRepos?: string[] }).excludeRepos = ['octo/legacy-*'];
      },
      { 'octo/private-a': 'private', 'octo/legacy-b': 'private', 'octo/private-c': 'private' },
      { channel: 'C0OPS00001', links: [link('octo/private-a'), link('octo/legacy-b'), link('octo/private-c')] },
    );
    expect(shown).toEqual([link('octo/private-a')]);
  });
});
