import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabFake, type GitLabFake } from '../../../../test/fakes/gitlab/index.js';
import type { Clock } from '../../runtime/clock.js';
import { createLogger, Redactor } from '../../runtime/logger.js';
import { createPersonalInbox } from '../inbox-factory.js';
import { todoItem } from './inbox.js';

/**
 * What a read of a person's GitLab To-Do list tells the inbox cadence (people/inbox-cadence.ts): whether it changed
 * since the last read (not on the first read, which only sets the position; yes on any new to-do) and, per item,
 * whether the events of a subscribed project bring it too (a review request does; a failed pipeline does not).
 */

let fake: GitLabFake | undefined;
afterEach(async () => fake?.close());

describe("a person's GitLab To-Do list", () => {
  it('says whether it changed since the last read, and which items the events bring too', async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const clock: Clock = {
      now: () => now,
      monotonic: () => now,
      setTimeout: (fn, ms) => {
        const t = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(t) };
      },
    };
    fake = await startGitLabFake({ now: () => now });
    for (const user of ['alice', 'carol']) fake.store.user(user);
    fake.addToken('glpat-alice-token', 'alice', ['api']);
    fake.createProject('group/app', { visibility: 'public' });
    const inbox = createPersonalInbox({ forge: 'gitlab', apiUrl: fake.apiUrl }, 'glpat-alice-token', {
      clock,
      logger: createLogger(() => undefined, new Redactor()),
    });
    if (!inbox) throw new Error('GitLab has an inbox');

    const first = await inbox.read(null, now);
    expect({ changed: first.changed, items: first.items.length }).toEqual({ changed: false, items: 0 });
    now += 60_000;
    const idle = await inbox.read(first.cursor, now);
    expect({ changed: idle.changed, items: idle.items.length }).toEqual({ changed: false, items: 0 });

    now += 60_000;
    fake.createBranch('group/app', 'feature');
    fake.openMergeRequest('group/app', {
      title: 'Look',
      sourceBranch: 'feature',
      author: 'carol',
      reviewers: ['alice'],
    });
    const asked = await inbox.read(idle.cursor, now);
    expect(asked.changed).toBe(true);
    expect(asked.items.map((i) => ({ reason: i.reason, eventsSee: i.eventsSee }))).toEqual([
      { reason: 'review_requested', eventsSee: true },
    ]);
  });

  it.each([
    ['review_requested', true],
    ['review_submitted', true],
    ['directly_addressed', true],
    ['approval_required', false],
    ['build_failed', false],
  ])('a to-do for %s: the events bring it too: %s', (action, eventsSee) => {
    const item = todoItem({
      id: 1,
      action_name: action,
      target_type: 'MergeRequest',
      target: { iid: 3, title: 'Look', web_url: 'https://gitlab.example/g/a/-/merge_requests/3', source_branch: 'f' },
      target_url: null,
      project: { path_with_namespace: 'g/a', web_url: 'https://gitlab.example/g/a' },
      author: { username: 'carol' },
      created_at: '2026-03-04T10:00:00Z',
    });
    expect(item).toMatchObject({ eventsSee, at: Date.parse('2026-03-04T10:00:00Z') });
  });
});
