import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../../../test/fixtures/sample-events.js';
import { NOTIFY_REASONS } from '../../contract/vocabulary/people.js';
import type { ForgeEvent } from '../events/forge-event.js';
import type { StoredPerson } from '../settings/settings-model.js';
import { PeopleDirectory } from './directory.js';
import { dmKey } from './dm-key.js';
import { reasonsFor } from './reasons.js';

const person = (slack: string, login: string, over: Partial<StoredPerson> = {}): StoredPerson => ({
  slack,
  accounts: { github: login },
  tokens: {},
  notify: [...NOTIFY_REASONS],
  timeZone: 'UTC',
  quietHours: null,
  digest: null,
  ...over,
});
const people = new PeopleDirectory([
  person('U0ALICE01', 'alice'),
  person('U0BOB0001', 'Bob'),
  person('U0CAROL01', 'carol', { notify: ['mentioned'] }),
]);
const ev = (name: Parameters<typeof sampleEvent>[0], over: Partial<ForgeEvent>): ForgeEvent =>
  sampleEvent(name, { actor: 'mallory', ...over });
const who = (event: ForgeEvent) => reasonsFor(event, people).map((r) => [r.person.slack, r.reason, r.qualifier]);

describe('the six reasons (docs/cli-and-config.md §4)', () => {
  it('review_requested: reviewers of a new (not draft) PR, or whom a review_requested action names', () => {
    const opened = ev('pulls', { action: 'opened', involved: { reviewers: ['alice', 'BOB', 'dave'] } });
    expect(who(opened)).toEqual([
      ['U0ALICE01', 'review_requested', null],
      ['U0BOB0001', 'review_requested', null],
    ]);
    expect(who({ ...opened, draft: true })).toEqual([]);
    const requested = ev('pulls', {
      action: 'review_requested',
      involved: { reviewers: ['alice', 'bob'], targets: ['bob'] },
    });
    expect(who(requested)).toEqual([['U0BOB0001', 'review_requested', null]]);
    // The thin feed did not say whom: every requested reviewer (the DM key keeps repeats out).
    expect(who({ ...requested, involved: { reviewers: ['alice'] } })).toEqual([
      ['U0ALICE01', 'review_requested', null],
    ]);
  });

  it('assigned: assignees of a new issue or PR, or whom an assigned action names', () => {
    expect(who(ev('issues', { action: 'opened', involved: { assignees: ['alice'] } }))).toEqual([
      ['U0ALICE01', 'assigned', null],
    ]);
    expect(
      who(ev('issues', { action: 'assigned', involved: { assignees: ['alice', 'bob'], targets: ['bob'] } })),
    ).toEqual([['U0BOB0001', 'assigned', null]]);
    expect(who(ev('issues', { action: 'closed', involved: { assignees: ['alice'] } }))).toEqual([]);
  });

  it('mentioned: @logins in a new body, a comment or a review; not outside code', () => {
    const comment = ev('comments', { details: { kind: 'comment', body: 'ping @carol and `@alice`', on: 'issue' } });
    expect(who(comment)).toEqual([['U0CAROL01', 'mentioned', null]]);
    const closed = ev('issues', { action: 'closed', details: { kind: 'issue', body: '@carol' } });
    expect(who(closed)).toEqual([]);
  });

  it('my_pulls_reviewed and my_pulls_merged: for the author, by someone else; the reviewer is the qualifier', () => {
    const review = ev('reviews', { action: 'submitted', involved: { authors: ['alice'] } });
    expect(who(review)).toEqual([['U0ALICE01', 'my_pulls_reviewed', 'mallory']]);
    expect(who(ev('pulls', { action: 'merged', involved: { authors: ['alice'] } }))).toEqual([
      ['U0ALICE01', 'my_pulls_merged', null],
    ]);
    expect(who(ev('pulls', { action: 'closed', involved: { authors: ['alice'] } }))).toEqual([
      ['U0ALICE01', 'my_pulls_merged', null],
    ]);
    expect(who(ev('pulls', { action: 'reopened', involved: { authors: ['alice'] } }))).toEqual([]);
  });

  it('my_pipelines_failed: failures only, for whoever pushed — their own push included', () => {
    const failed = ev('pipelines', { action: 'failed', actor: 'alice', involved: { authors: ['alice'] } });
    expect(who(failed)).toEqual([['U0ALICE01', 'my_pipelines_failed', null]]);
    expect(
      who({ ...failed, action: 'success', details: { ...failed.details, status: 'success' } as ForgeEvent['details'] }),
    ).toEqual([]);
  });

  it("never for one's own action, and only reasons the person chose", () => {
    expect(who(ev('pulls', { action: 'opened', actor: 'alice', involved: { reviewers: ['alice'] } }))).toEqual([]);
    expect(who(ev('pulls', { action: 'merged', actor: 'ALICE', involved: { authors: ['alice'] } }))).toEqual([]);
    expect(who(ev('reviews', { action: 'submitted', actor: 'alice', involved: { authors: ['alice'] } }))).toEqual([]);
    expect(who(ev('pulls', { action: 'opened', involved: { reviewers: ['carol'], assignees: ['carol'] } }))).toEqual(
      [],
    );
  });

  it('a person on another account is not this login', () => {
    const other = ev('pulls', { action: 'opened', accountId: 'work', involved: { reviewers: ['alice'] } });
    expect(who(other)).toEqual([]);
  });
});

describe('DM keys', () => {
  it('are the same from either source and tell reviewers apart', () => {
    const base = {
      slack: 'U1',
      account: 'github',
      repo: 'Octo/App',
      subject: 'pull:7',
      reason: 'my_pulls_reviewed' as const,
    };
    expect(dmKey({ ...base, qualifier: 'Bob' })).toBe(dmKey({ ...base, repo: 'octo/app', qualifier: 'bob' }));
    expect(dmKey({ ...base, qualifier: 'bob' })).not.toBe(dmKey({ ...base, qualifier: 'carol' }));
    expect(dmKey({ ...base, qualifier: null })).toBe('dm|U1|github|octo/app|pull:7|my_pulls_reviewed|');
  });
});
