import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../../test/support/in-memory-ports.js';
import type { ChannelDigest } from '../../../contract/vocabulary/people.js';
import { methods } from '../../../contract/api.js';
import { PeopleDirectory } from '../../people/directory.js';
import { defaultDigest, formatChannelDigest } from '../../queue/channel-digest.js';
import type { DigestRunState } from '../../queue/digest-service.js';
import type { QueueView } from '../../queue/review-queue.js';
import { digestHandlers } from './digest-handlers.js';

// Wednesday 9 December 2026, 10:00 UTC.
const NOW = Date.parse('2026-12-09T10:00:00Z');

const view = (over: Partial<QueueView> = {}): QueueView => ({
  entries: [
    {
      account: 'github',
      item: {
        kind: 'pull',
        repo: 'octo-org/api',
        number: 7,
        title: 'Add the rate limiter',
        url: 'https://github.com/octo-org/api/pull/7',
        draft: false,
        author: 'alice',
        reviewers: ['bob'],
        teams: [],
        reviews: [],
        checks: 'success',
        headBranch: 'limiter',
        createdAt: '2026-12-07T09:00:00Z',
        updatedAt: '2026-12-07T09:00:00Z',
      },
    },
  ],
  notes: [],
  limited: null,
  unread: [],
  requests: { total: 0, billable: 0, points: 0 },
  ...over,
});

function setup(queue: QueueView = view()) {
  const settings = memorySettings((s) => {
    s.accounts.push(
      { id: 'github', forge: 'github', apiUrl: 'https://api.github.com', token: 'ghp_x', caFile: null },
      { id: 'gitlab', forge: 'gitlab', apiUrl: 'https://gitlab.com/api/v4', token: 'glpat-x', caFile: null },
    );
  });
  const sent: ChannelDigest[] = [];
  const states = new Map<string, DigestRunState>();
  const h = digestHandlers({
    settings: settings.access,
    clock: { now: () => NOW, monotonic: () => 0, setTimeout: () => ({ cancel: () => undefined }) },
    digests: {
      compute: async (digest) => ({
        message: formatChannelDigest(digest, queue, {
          now: NOW,
          people: new PeopleDirectory([]),
          forgeOf: () => 'github',
          webUrl: () => 'https://github.com',
        }),
        view: queue,
        repositories: 1,
      }),
      sendNow: async (digest) => {
        sent.push(digest);
        return { posted: true, message: `Posting the review queue for #${digest.channel}.` };
      },
      state: (key) => states.get(key) ?? null,
    },
  });
  return { h, settings, sent, states };
}

const input = (over: Partial<ChannelDigest> = {}): ChannelDigest => ({
  ...defaultDigest('eng-reviews'),
  at: '09:30',
  timeZone: 'Europe/Paris',
  ...over,
});

describe('digests.* against in-memory ports', () => {
  it('save adds, lists with the next run in its time zone, edits by key and removes', async () => {
    const { h, settings } = setup();
    const saved = await h['digests.save']({ previous: null, digest: input({ repos: ['github:octo-org/*'] }) });
    // 09:30 in Paris (UTC+1 in December) on Thursday, since Wednesday's has passed at 10:00 UTC.
    expect(saved).toMatchObject({ key: 'channel:eng-reviews|github:octo-org/*', nextAt: '2026-12-10T08:30:00.000Z' });
    expect(settings.access.current().digests).toHaveLength(1);
    const edited = await h['digests.save']({ previous: saved.key, digest: input({ repos: [], days: ['mon'] }) });
    expect(edited.key).toBe('channel:eng-reviews|');
    expect(edited.nextAt).toBe('2026-12-14T08:30:00.000Z');
    expect((await h['digests.list']({})).digests.map((d) => d.digest.days)).toEqual([['mon']]);
    await h['digests.remove']({ key: edited.key });
    expect(settings.access.current().digests).toEqual([]);
    await expect(h['digests.remove']({ key: edited.key })).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each([
    [['nope:octo/api'], 'repos.0', /no account "nope"/],
    [['github:octo'], 'repos.0', /owner\/name/],
    [['github:octo/../x'], 'repos.0', /\.\./],
    [['gitlab:group/**'], null, null],
    [['github:octo/**'], 'repos.0', /\*\*/],
  ])('repositories %j: problem at %s', async (repos, path, message) => {
    const { h, settings } = setup();
    const save = h['digests.save']({ previous: null, digest: input({ repos }) });
    if (path === null) {
      await expect(save).resolves.toMatchObject({ digest: { repos } });
      return;
    }
    await expect(save).rejects.toMatchObject({ code: 'invalid_params', issues: [{ path, message }] });
    expect(settings.access.current().digests).toEqual([]);
  });

  it('refuses a second digest of the same channel and repositories, and edits of one that is gone', async () => {
    const { h } = setup();
    await h['digests.save']({ previous: null, digest: input() });
    await expect(h['digests.save']({ previous: null, digest: input({ at: '17:00' }) })).rejects.toMatchObject({
      code: 'invalid_params',
      issues: [{ path: 'channel' }],
    });
    await expect(h['digests.save']({ previous: 'channel:gone|', digest: input() })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('the contract refuses what the config file refuses (with the field)', () => {
    const parse = (digest: unknown) => methods['digests.save'].params.safeParse({ previous: null, digest });
    expect(parse(input()).success).toBe(true);
    for (const [bad, field] of [
      [{ at: '9:30' }, 'at'],
      [{ at: '24:00' }, 'at'],
      [{ days: [] }, 'days'],
      [{ days: ['monday'] }, 'days'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ channel: '#eng' }, 'channel'],
      [{ staleAfterDays: 0 }, 'staleAfterDays'],
      [{ staleAfterDays: 1.5 }, 'staleAfterDays'],
      [{ repos: ['octo/api'] }, 'repos'],
    ] as const) {
      const result = parse({ ...input(), ...bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues[0]?.path).toContain(field);
    }
  });

  it('preview is the engine Block Kit for the draft, readable, with the exact JSON; waits when a limit stopped it', async () => {
    const { h } = setup();
    const preview = await h['digests.preview']({ digest: input() });
    expect(preview.text).toBe(
      'Review queue for #eng-reviews: 1 waiting for review, 0 with changes requested, 0 approved',
    );
    expect(preview.blocks[0]).toEqual({ type: 'header', texts: ['Review queue for #eng-reviews'], links: [] });
    const all = preview.blocks.flatMap((b) => b.texts).join('\n');
    expect(all).toContain('<https://github.com/octo-org/api/pull/7|');
    expect(JSON.parse(preview.json)).toMatchObject({ text: preview.text, blocks: expect.any(Array) });
    expect(JSON.parse(preview.json).blocks).toHaveLength(preview.blocks.length);
    expect(preview.waits).toBeNull();
    expect(methods['digests.preview'].result.safeParse(preview).success).toBe(true);

    const limited = setup(view({ limited: 'GitHub GraphQL budget spent until 10:42', unread: ['octo-org/web'] }));
    const waiting = await limited.h['digests.preview']({ digest: input() });
    expect(waiting.waits).toBe('GitHub GraphQL budget spent until 10:42');
    expect(waiting.text).toMatch(/\(incomplete\)$/);
  });

  it('send now posts the saved entry (not a draft) and the list shows the last run', async () => {
    const { h, sent, states } = setup();
    const { key } = await h['digests.save']({ previous: null, digest: input({ staleAfterDays: 3 }) });
    await expect(h['digests.sendNow']({ key })).resolves.toEqual({
      posted: true,
      message: 'Posting the review queue for #eng-reviews.',
    });
    expect(sent).toEqual([expect.objectContaining({ channel: 'eng-reviews', staleAfterDays: 3 })]);
    await expect(h['digests.sendNow']({ key: 'channel:other|' })).rejects.toMatchObject({ code: 'not_found' });
    states.set(key, { state: 'waiting', day: '2026-12-09', message: 'waiting: budget', at: NOW });
    expect((await h['digests.list']({})).digests[0]?.lastRun).toEqual({
      state: 'waiting',
      day: '2026-12-09',
      message: 'waiting: budget',
      at: '2026-12-09T10:00:00.000Z',
    });
  });
});
