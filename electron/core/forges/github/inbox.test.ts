import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../../../../test/fakes/github/index.js';
import type { Clock } from '../../runtime/clock.js';
import { GitHubClient } from './client.js';
import { createGitHubInbox, inboxItem } from './inbox.js';

/**
 * What a read of a person's GitHub inbox tells the cadence (people/inbox-cadence.ts): whether the inbox changed since
 * the last read — a 304 has not, the first read only sets the position, and any new or bumped thread has, even one
 * that brings no DM (activity on the person's own pull request) — and, per item, whether the events of a subscribed
 * repository bring it too.
 */

let fake: GitHubFake | undefined;
afterEach(async () => fake?.close());

const TOKEN = 'ghp_alice'.padEnd(40, '0');

describe("a person's GitHub inbox", () => {
  it('says whether it changed: not on the first read nor on a 304; yes on a new thread, even one without a DM', async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const clock: Clock = {
      now: () => now,
      monotonic: () => now,
      setTimeout: (fn, ms) => {
        const t = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(t) };
      },
    };
    fake = await startGitHubFake({ now: () => now });
    for (const login of ['alice', 'carol']) fake.world.user(login);
    fake.addToken(TOKEN, { login: 'alice', scopes: ['repo'] });
    fake.createRepo('octo-org/repo');
    const inbox = createGitHubInbox(new GitHubClient({ apiUrl: fake.apiUrl, token: TOKEN, clock }));
    const own = fake.openPull('octo-org/repo', { title: 'Mine', head: 'mine', actor: 'alice' });

    const first = await inbox.read(null, now);
    expect({ changed: first.changed, items: first.items.length }).toEqual({ changed: false, items: 0 });
    // The first answer came in the very second of its Last-Modified: it is asked for once more, one second earlier.
    now += 60_000;
    const again = await inbox.read(first.cursor, now);
    expect({ changed: again.changed, items: again.items.length }).toEqual({ changed: false, items: 0 });
    now += 60_000;
    const idle = await inbox.read(again.cursor, now);
    expect({ changed: idle.changed, items: idle.items.length, billable: idle.requests.billable }).toEqual({
      changed: false,
      items: 0,
      billable: 0,
    });

    now += 60_000;
    fake.review('octo-org/repo', own.number, { state: 'commented', body: 'Looks fine to me', actor: 'carol' });
    const author = await inbox.read(idle.cursor, now);
    expect({ changed: author.changed, items: author.items.length }).toEqual({ changed: true, items: 0 });

    now += 60_000;
    fake.openPull('octo-org/repo', { title: 'Theirs', head: 'theirs', actor: 'carol', reviewers: ['alice'] });
    const asked = await inbox.read(author.cursor, now);
    expect(asked.changed).toBe(true);
    expect(asked.items.map((i) => ({ reason: i.reason, eventsSee: i.eventsSee, at: i.at }))).toEqual([
      { reason: 'review_requested', eventsSee: true, at: now },
    ]);
  });

  it('a team mention is a mention the events cannot bring (they see @logins, not teams)', () => {
    const thread = (reason: string) => ({
      id: '1',
      reason,
      updated_at: '2026-03-04T10:00:00Z',
      subject: { title: 'A question', url: 'https://api.github.com/repos/o/r/issues/3', type: 'Issue' },
      repository: { full_name: 'o/r', html_url: 'https://github.com/o/r' },
    });
    expect(inboxItem(thread('team_mention'))).toMatchObject({ reason: 'mentioned', eventsSee: false });
    expect(inboxItem(thread('mention'))).toMatchObject({ reason: 'mentioned', eventsSee: true });
    expect(inboxItem(thread('assign'))).toMatchObject({
      reason: 'assigned',
      eventsSee: true,
      at: Date.parse('2026-03-04T10:00:00Z'),
    });
  });
});
