import { describe, expect, it } from 'vitest';
import { PeopleDirectory } from '../people/directory.js';
import { findLimitViolations } from '../slack/format/limits.js';
import { defaultDigest, digestScopes, formatChannelDigest } from './channel-digest.js';
import type { QueuePull } from './queue-model.js';
import type { QueueView } from './review-queue.js';
import { configFileSchema, problemsOf } from '../settings/config-schema.js';
import { applyConfigFile, formatImportSummary, toConfigFile } from '../settings/config-transfer.js';
import { emptySettings } from '../settings/settings-model.js';

const NOW = Date.parse('2026-12-09T10:00:00Z');

function pull(i: number, over: Partial<QueuePull> = {}): QueuePull {
  return {
    kind: 'pull',
    repo: `octo-org/repo-${i % 200}`,
    number: i,
    title: `Pull request number ${i} with a reasonably long title to fill the section text quickly`,
    url: `https://github.com/octo-org/repo-${i % 200}/pull/${i}`,
    draft: false,
    author: i % 3 === 0 ? 'alice' : 'carol',
    reviewers: ['bob', 'dave'],
    teams: ['octo-org/core'],
    reviews:
      i % 5 === 0
        ? [{ login: 'bob', state: 'approved' }]
        : i % 7 === 0
          ? [{ login: 'bob', state: 'changes_requested' }]
          : [],
    checks: i % 11 === 0 ? 'failure' : 'success',
    headBranch: `b${i}`,
    createdAt: new Date(NOW - (i + 1) * 3_600_000).toISOString(),
    updatedAt: new Date(NOW - (i + 1) * 3_600_000).toISOString(),
    ...over,
  };
}

const view = (pulls: QueuePull[], over: Partial<QueueView> = {}): QueueView => ({
  entries: pulls.map((item) => ({ account: 'github', item })),
  notes: [],
  limited: null,
  unread: [],
  requests: { total: 0, billable: 0, points: 0 },
  ...over,
});

const ctx = {
  now: NOW,
  people: new PeopleDirectory([
    {
      slack: 'U0ALICE001',
      accounts: { github: 'alice' },
      tokens: {},
      notify: [],
      timeZone: 'UTC',
      quietHours: null,
      digest: null,
    },
  ]),
  forgeOf: () => 'github' as const,
  webUrl: () => 'https://github.com',
};

describe('channel digest Block Kit', () => {
  it('2,000 open pull requests: within every Block Kit limit, all three groups shown, "…and N more" to GitHub’s search', () => {
    const message = formatChannelDigest(
      defaultDigest('dev'),
      view(Array.from({ length: 2000 }, (_, i) => pull(i))),
      ctx,
    );
    expect(findLimitViolations(message.blocks)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(message.blocks);
    for (const group of ['Waiting for review', 'Changes requested', 'Approved, not merged'])
      expect(text).toContain(group);
    const more = [...text.matchAll(/<(https:\/\/github\.com\/search\?q=[^|]+)\|…and ([\d,]+) more>/g)];
    expect(more).toHaveLength(3);
    expect(more[0]?.[1]).toContain('is%3Apr%20is%3Aopen');
    // Every item is either listed or counted in "…and N more".
    const listed = (text.match(/octo-org\/repo-\d+#\d+>/g) ?? []).length;
    const hidden = more.reduce((n, m) => n + Number((m[2] ?? '0').replace(/,/g, '')), 0);
    expect(listed + hidden).toBe(2000);
    expect(text).toContain('<@U0ALICE001>');
  });

  it('drafts are left out when ignoreDrafts; nothing open is one short line; a limited read never says "nothing open"', () => {
    const drafts = formatChannelDigest(defaultDigest('dev'), view([pull(1, { draft: true })]), ctx);
    expect(JSON.stringify(drafts.blocks)).toContain('Nothing open');
    const withDrafts = formatChannelDigest(
      { ...defaultDigest('dev'), ignoreDrafts: false },
      view([pull(1, { draft: true })]),
      ctx,
    );
    expect(JSON.stringify(withDrafts.blocks)).toContain('Pull request number 1');
    const limited = formatChannelDigest(
      defaultDigest('dev'),
      view([], { limited: 'github: API rate limit exceeded', unread: ['github:o/a'] }),
      ctx,
    );
    expect(JSON.stringify(limited.blocks)).not.toContain('Nothing open');
    expect(JSON.stringify(limited.blocks)).toContain('could not be read');
  });

  it('scopes: the channel’s subscriptions by default, or the listed repositories and patterns', () => {
    const settings = {
      slack: { defaultChannel: 'general' } as never,
      accounts: [],
      subscriptions: [
        { account: 'gh', repo: 'o/a', channel: null, enabled: true },
        { account: 'gh', repo: 'o/b', channel: 'dev', enabled: true },
        { account: 'gh', repo: 'p/c', channel: 'dev', enabled: true },
      ] as never,
    };
    expect(digestScopes(defaultDigest('dev'), settings)).toEqual([{ account: 'gh', repos: ['o/b', 'p/c'] }]);
    // A pattern subscription (§6) stands for its current members.
    const members = (sub: { repo: string }) => (sub.repo === 'p/*' ? ['p/c', 'p/d'] : [sub.repo]);
    const withPattern = {
      ...settings,
      subscriptions: [{ account: 'gh', repo: 'p/*', channel: 'dev', enabled: true }] as never,
    };
    expect(digestScopes(defaultDigest('dev'), withPattern, members)).toEqual([
      { account: 'gh', repos: ['p/c', 'p/d'] },
    ]);
    expect(digestScopes({ ...defaultDigest('x'), repos: ['gh:p/d'] }, withPattern, members)).toEqual([
      { account: 'gh', repos: ['p/d'] },
    ]);
    expect(digestScopes({ ...defaultDigest('x'), repos: ['gh:o/*', 'gl:g/p'] }, settings)).toEqual([
      { account: 'gh', repos: ['o/a', 'o/b'] },
      { account: 'gl', repos: ['g/p'] },
    ]);
  });
});

describe('digests in the config file', () => {
  it('import keeps them, export writes them back, the summary lists them', () => {
    const file = configFileSchema.parse({
      version: 1,
      accounts: [{ id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: null }],
      digests: [{ channel: 'dev', at: '09:30', timeZone: 'Europe/Berlin', repos: ['gh:o/*'] }],
    });
    const { settings, summary } = applyConfigFile(emptySettings(), file, new Date(NOW));
    expect(settings.digests).toEqual([
      {
        channel: 'dev',
        at: '09:30',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        timeZone: 'Europe/Berlin',
        repos: ['gh:o/*'],
        ignoreDrafts: true,
        staleAfterDays: 2,
      },
    ]);
    expect(toConfigFile(settings).digests).toEqual(settings.digests);
    expect(formatImportSummary(summary, 'x')).toContain('Digests: 1: #dev at 09:30 Europe/Berlin');
  });

  it('a time zone that does not exist, a malformed at, an unknown account: refused with their JSON paths', () => {
    const result = configFileSchema.safeParse({
      version: 1,
      accounts: [{ id: 'gh', forge: 'github', apiUrl: 'https://api.github.com', token: null }],
      digests: [
        { channel: 'dev', at: '9:30', timeZone: 'Europe/Atlantis' },
        { channel: 'ops', at: '25:00', repos: ['nope:o/a', 'o/b'] },
        { channel: 'fine', at: '09:30', timeZone: 'Europe/Berlin', repos: ['gh:o/*'] },
      ],
    });
    expect(result.success).toBe(false);
    const problems = result.success
      ? []
      : problemsOf(result.error)
          .map((p) => p.path)
          .sort();
    expect(problems).toEqual([
      'digests[0].at',
      'digests[0].timeZone',
      'digests[1].at',
      'digests[1].repos[0]',
      'digests[1].repos[1]',
    ]);
  });
});
