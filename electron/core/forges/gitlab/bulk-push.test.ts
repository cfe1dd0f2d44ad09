import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { summarise } from '../../events/summary.js';
import { formatEvent } from '../../slack/format/format-event.js';
import { messageProblems } from '../../slack/format/message-safety.js';

/**
 * GitLab bulk pushes: more than the instance's push event activities limit (3) of one kind and action in one push
 * are one events-feed row with `push_data.ref` null, `commit_count` 0 and `ref_count` N. They are reported; and no
 * odd row stops the others.
 */

const REPO = 'acme/platform/backend';
let h: GitLabHarness;

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO);
});
afterEach(() => h.close());

function text(event: ForgeEvent | undefined): string {
  const message = formatEvent(event as ForgeEvent, { buttons: false });
  expect(messageProblems(message)).toEqual([]);
  return message.text;
}
const blocks = (event: ForgeEvent | undefined): string =>
  JSON.stringify(formatEvent(event as ForgeEvent, { buttons: false }).blocks);

describe('GitLab adapter: bulk pushes', () => {
  it('the fake records one bulk row (ref null, commit_count 0, ref_count N) above the limit, single rows up to it', async () => {
    h.fake.pushRefs(REPO, { changes: ['v1', 'v2', 'v3'].map((tag) => ({ tag })) });
    h.fake.pushRefs(REPO, { changes: ['v4', 'v5', 'v6', 'v7', 'v8'].map((tag) => ({ tag })) });
    const rows = (await (
      await fetch(`${h.fake.apiUrl}/projects/${encodeURIComponent(REPO)}/events?sort=asc`, {
        headers: { 'PRIVATE-TOKEN': h.fake.token },
      })
    ).json()) as { action_name: string; push_data?: Record<string, unknown> }[];
    expect(rows.slice(1).map((r) => [r.action_name, r.push_data?.ref, r.push_data?.ref_count])).toEqual([
      ['pushed new', 'v1', null],
      ['pushed new', 'v2', null],
      ['pushed new', 'v3', null],
      ['pushed new', null, 5],
    ]);
    expect(rows.at(-1)?.push_data).toMatchObject({
      commit_count: 0,
      action: 'created',
      ref_type: 'tag',
      commit_from: null,
      commit_to: null,
      commit_title: null,
    });
  });

  it('5 tags pushed at once: one tags event, "pushed 5 tags"', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    h.fake.pushRefs(REPO, { changes: ['v1', 'v2', 'v3', 'v4', 'v5'].map((tag) => ({ tag })), author: 'rel-bot' });
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      event: 'tags',
      action: 'created',
      actor: 'rel-bot',
      title: '5 tags pushed',
      url: `${h.fake.url}/${REPO}/-/tags`,
      branch: null,
      details: { kind: 'ref', refType: 'tag', ref: '', count: 5 },
    });
    expect(text(events[0])).toContain('rel-bot pushed 5 tags');
    expect(blocks(events[0])).toContain(`<${h.fake.url}/${REPO}/-/tags|5 tags>`);
    expect(summarise(events[0] as ForgeEvent)).toBe('rel-bot created 5 tags');
  });

  it('a push to 4 branches at once: one commits event, "pushed to 4 branches", not bound to a branch', async () => {
    for (const branch of ['a', 'b', 'c', 'd']) h.fake.push(REPO, { branch, commits: 1 });
    const poller = h.poller(REPO);
    h.clock.advance(1_000);
    await poller.poll();
    h.fake.pushRefs(REPO, { changes: ['a', 'b', 'c', 'd'].map((branch) => ({ branch, commits: 2 })) });
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.action, e.title, e.branch])).toEqual([
      ['commits', 'pushed', 'Pushed to 4 branches', null],
    ]);
    expect(events[0]?.details).toEqual({
      kind: 'push',
      commits: [],
      totalCommits: 0,
      compareUrl: null,
      before: null,
      after: null,
      refCount: 4,
    });
    expect(text(events[0])).toContain('pushed to 4 branches');
    expect(blocks(events[0])).toContain(`<${h.fake.url}/${REPO}/-/branches|4 branches>`);
    expect(summarise(events[0] as ForgeEvent)).toBe('fake-user pushed to 4 branches');
  });

  it('4 branches created and 4 deleted at once: one branches event each', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    const names = ['f1', 'f2', 'f3', 'f4'];
    h.fake.pushRefs(REPO, { changes: names.map((branch) => ({ branch, commits: 1 })) });
    h.clock.advance(60_000);
    const created = await poller.poll();
    h.fake.pushRefs(REPO, { changes: names.map((deleteBranch) => ({ deleteBranch })) });
    h.clock.advance(60_000);
    const deleted = await poller.poll();
    expect([...created.events, ...deleted.events].map((e) => [e.event, e.action, e.title])).toEqual([
      ['branches', 'created', '4 branches created'],
      ['branches', 'deleted', '4 branches deleted'],
    ]);
    expect(text(created.events[0])).toContain('created 4 branches');
    expect(text(deleted.events[0])).toContain('deleted 4 branches');
  });

  it('up to the limit, each ref is its own event as before', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    h.fake.pushRefs(REPO, { changes: ['v1', 'v2', 'v3'].map((tag) => ({ tag })) });
    h.clock.advance(60_000);
    expect((await poller.poll()).events.map((e) => e.title)).toEqual(['v1', 'v2', 'v3']);
  });
});

describe('GitLab adapter: one odd feed row never stops the others', () => {
  it('unreadable rows are logged once and skipped; the rest of the page is delivered and the cursor moves', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    h.fake.openIssue(REPO, { title: 'Before' });
    h.fake.addRawEvent(REPO, { action_name: 'pushed to', push_data: 'not an object', author_username: 'x' });
    h.fake.addRawEvent(REPO, {
      action_name: 'pushed to',
      push_data: { commit_count: 1, action: 'pushed', ref_type: 'note', ref: 'x' },
    });
    h.fake.addRawEvent(REPO, { action_name: 'opened', target_type: 'Issue', created_at: 'some day' });
    h.fake.addRawEvent(REPO, {
      action_name: 'pushed to',
      push_data: { commit_count: 0, action: 'pushed', ref_type: 'branch' },
    });
    h.fake.openIssue(REPO, { title: 'After' });
    h.clock.advance(60_000);
    const first = await poller.poll();
    expect(first.events.map((e) => e.title)).toEqual(['Before', 'After']);
    const cursorAfterFirst = JSON.stringify(poller.cursor);
    const logged = h.logs.filter((l) => l.level === 'warn' || /unknown kind of ref/.test(l.message)).length;
    expect(logged).toBe(4);

    h.fake.openIssue(REPO, { title: 'Later' });
    h.clock.advance(60_000);
    const second = await poller.poll();
    expect(second.events.map((e) => e.title)).toEqual(['Later']);
    expect(JSON.stringify(poller.cursor)).not.toBe(cursorAfterFirst);
    // The odd rows were not logged again.
    expect(h.logs.filter((l) => l.level === 'warn' || /unknown kind of ref/.test(l.message))).toHaveLength(4);
  });

  it('a push whose commit range GitLab refuses (400) shows its head commit, and the rest of the poll goes on', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    h.fake.push(REPO, { branch: 'main', commits: ['one', 'two', 'three'] });
    h.fake.openIssue(REPO, { title: 'Alongside' });
    h.fake.failNext(/repository\/compare/, {
      status: 400,
      rawBody: JSON.stringify({ message: '400 Bad request - from is invalid' }),
    });
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events.map((e) => e.event)).toEqual(['commits', 'issues']);
    expect(events[0]?.details).toMatchObject({ totalCommits: 3, commits: [{ title: 'three' }] });
    expect(h.logs.some((l) => /showing the head commit only/.test(l.message))).toBe(true);
  });
});
