import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { composeShapers, omitFields, setFields } from '../../../../test/fakes/github/feed-shaping.js';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import { formatEvent } from '../../slack/format/format-event.js';
import { formatThreadParent } from '../../slack/format/format-parent.js';
import { completeFeedPage, inferFeedType } from './feed-entry.js';

/**
 * Today's Events API payloads are thin, and GitHub's published description marks most payload fields optional and
 * an entry's `type` and `created_at` nullable. A missing optional field never drops the event: it is read back
 * (hydrated) or the card says less.
 */

const REPO = 'octo-org/hello-world';
const ALL: EventName[] = ['issues', 'pulls', 'reviews', 'comments', 'wiki', 'releases', 'tags', 'branches', 'commits'];
let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  h.fake.createRepo(REPO);
  h.clock.advance(1_000);
  h.startNow();
  await h.poll(REPO, ALL);
});
afterEach(() => h.close());

async function next(wanted: EventName[] = ALL): Promise<ForgeEvent[]> {
  h.clock.advance(60_000);
  return (await h.poll(REPO, wanted)).events;
}

const shown = (events: ForgeEvent[]): string[] => events.map((e) => `${e.event}:${e.action}`);

/** Every field the description marks optional in the payloads the fake emits, left out. */
const AS_THIN_AS_DESCRIBED = omitFields({
  IssuesEvent: [
    'payload.assignee',
    'payload.assignees',
    'payload.label',
    'payload.labels',
    'payload.issue.body',
    'payload.issue.state_reason',
    'payload.issue.draft',
    'payload.issue.labels[].id',
    'payload.issue.labels[].name',
    'payload.issue.labels[].color',
  ],
  IssueCommentEvent: ['payload.comment.body', 'payload.issue.body', 'payload.issue.labels[].name'],
  PullRequestEvent: ['payload.assignee', 'payload.assignees', 'payload.label', 'payload.labels'],
  PullRequestReviewEvent: [
    'payload.review.id',
    'payload.review.state',
    'payload.review.body',
    'payload.review.html_url',
    'payload.review.user',
    'payload.review.commit_id',
    'payload.review.submitted_at',
  ],
  PullRequestReviewCommentEvent: ['payload.comment.subject_type', 'payload.comment.in_reply_to_id'],
  CommitCommentEvent: [
    'payload.comment.commit_id',
    'payload.comment.html_url',
    'payload.comment.body',
    'payload.comment.id',
    'payload.comment.user',
  ],
  GollumEvent: [
    'payload.pages[].action',
    'payload.pages[].html_url',
    'payload.pages[].title',
    'payload.pages[].summary',
    'payload.pages[].sha',
  ],
  ReleaseEvent: ['payload.release.body'],
  CreateEvent: ['payload.description'],
  '*': ['org'],
});

function activity(): { pull: number; headSha: string } {
  const issue = h.fake.openIssue(REPO, { title: 'Bug', labels: ['bug'], body: 'Steps' });
  const pull = h.fake.openPull(REPO, { title: 'Fix', head: 'fix', labels: ['ui'] });
  h.fake.review(REPO, pull.number, { state: 'approved', body: 'LGTM' });
  h.fake.comment(REPO, { issue: issue.number }, 'On the issue');
  h.fake.comment(REPO, { pull: pull.number }, 'On the code');
  h.fake.comment(REPO, { commit: pull.pull?.headSha ?? '' }, 'On the commit');
  h.fake.editWiki(REPO, ['Home']);
  h.fake.publishRelease(REPO, { tag: 'v1.0.0', body: 'Notes' });
  h.fake.push(REPO, 'main', 2);
  return { pull: pull.number, headSha: pull.pull?.headSha ?? '' };
}

describe('GitHub: thinned Events API payloads', () => {
  it('payloads without any of the fields the description marks optional still give every event', async () => {
    activity();
    const full = await next();
    expect(full.length).toBeGreaterThanOrEqual(11);
    await h.close();
    h = await startGitHubHarness();
    h.fake.createRepo(REPO);
    h.clock.advance(1_000);
    h.startNow();
    await h.poll(REPO, ALL);
    h.fake.feedShaper = AS_THIN_AS_DESCRIBED;
    activity();
    const thin = await next();
    expect(thin.map((e) => e.event)).toEqual(full.map((e) => e.event));
    // Only the wiki page's action is lost (a page without its action counts as edited).
    const notWiki = (events: ForgeEvent[]) => shown(events.filter((e) => e.event !== 'wiki'));
    expect(notWiki(thin)).toEqual(notWiki(full));
    expect(h.logs.filter((l) => /malformed/.test(l.message))).toEqual([]);
    // What was left out was read back where it matters (labels filter events) or degraded in the card.
    expect(thin.find((e) => e.event === 'issues')).toMatchObject({ title: 'Bug', labels: ['bug'], state: 'open' });
    expect(thin.find((e) => e.event === 'reviews')?.details).toEqual({ kind: 'review', state: '', body: null });
    expect(thin.find((e) => e.details.kind === 'comment' && e.details.on === 'commit')).toMatchObject({
      title: 'A commit',
      url: `${h.fake.webUrl}/${REPO}/commits`,
    });
    expect(thin.find((e) => e.event === 'wiki')).toMatchObject({ action: 'edited', title: 'Home' });
  });

  it('a review without its state is read back by its id', async () => {
    const pull = h.fake.openPull(REPO, { title: 'Fix', head: 'fix' });
    await next(['reviews']);
    h.fake.feedShaper = omitFields({ PullRequestReviewEvent: ['payload.review.state'] });
    h.fake.review(REPO, pull.number, { state: 'changes_requested', body: 'Needs tests' });
    const [review] = await next(['reviews']);
    expect(review?.details).toEqual({ kind: 'review', state: 'changes_requested', body: 'Needs tests' });
    const message = formatEvent(review as ForgeEvent, { buttons: false });
    expect(message.text).toContain('requested changes');
  });

  it('a commit comment without commit_id names the commit from its URL', async () => {
    const pushed = h.fake.push(REPO, 'main', 1);
    await next(['comments']);
    h.fake.feedShaper = omitFields({ CommitCommentEvent: ['payload.comment.commit_id'] });
    h.fake.comment(REPO, { commit: pushed.head }, 'Nice');
    const [comment] = await next(['comments']);
    expect(comment).toMatchObject({ title: `Commit ${pushed.head.slice(0, 7)}`, details: { body: 'Nice' } });
  });

  it('label objects without a name make the issue (or the commented issue) be read back for its labels', async () => {
    h.fake.feedShaper = omitFields({
      IssuesEvent: ['payload.issue.labels[].name'],
      IssueCommentEvent: ['payload.issue.labels[].name'],
    });
    const issue = h.fake.openIssue(REPO, { title: 'Labelled', labels: ['bug', 'p1'] });
    h.fake.comment(REPO, { issue: issue.number }, 'me too');
    const events = await next(['issues', 'comments']);
    expect(events.map((e) => [e.event, e.labels])).toEqual([
      ['issues', ['bug', 'p1']],
      ['comments', ['bug', 'p1']],
    ]);
  });

  it('an entry without a type is recognised from its payload; one without a time gets its neighbour’s', async () => {
    h.fake.openIssue(REPO, { title: 'Older' });
    h.clock.advance(5_000);
    const issue = h.fake.openIssue(REPO, { title: 'Untyped' });
    h.clock.advance(5_000);
    const pushed = h.fake.push(REPO, 'main', 1);
    const [pushId] = pushed.eventIds;
    h.fake.feedShaper = composeShapers(
      setFields(
        (e) => e.type === 'IssuesEvent' && (e.payload as { issue: { title: string } }).issue.title === 'Untyped',
        {
          type: null,
        },
      ),
      setFields((e) => e.id === pushId, { created_at: null }),
    );
    const events = await next(['issues', 'commits']);
    expect(events.map((e) => [e.event, e.title])).toEqual([
      ['issues', 'Older'],
      ['issues', 'Untyped'],
      ['commits', '1 new commit pushed to main'],
    ]);
    expect(events[1]?.number).toBe(issue.number);
    // The push's time is the nearest older entry's (the feed's ids grow with time).
    expect(events[2]?.createdAt).toBe(events[1]?.createdAt);
    expect(h.logs.some((l) => /filled them in/.test(l.message) && l.fields?.filled === 'created_at')).toBe(true);
  });

  for (const status of [404, 410, 403] as const) {
    it(`a thin PullRequestEvent for a pull request that answers ${status} is not shown as open`, async () => {
      const pull = h.fake.openPull(REPO, { title: 'Gone soon', head: 'gone' });
      await next(['pulls']);
      h.fake.closePull(REPO, pull.number);
      h.fake.makeUnreadable(REPO, pull.number, status);
      const [closed] = await next(['pulls']);
      expect(closed).toMatchObject({ event: 'pulls', action: 'closed', number: pull.number, branch: 'main' });
      expect(closed?.state).not.toBe('open');
      expect(closed?.state).toBeNull();
      const card = formatEvent(closed as ForgeEvent, { buttons: true });
      expect(JSON.stringify(card.blocks)).not.toContain(':large_green_circle: Open');
      expect(JSON.stringify(card.blocks)).not.toContain('forgebell_close');
      const parent = formatThreadParent(closed as ForgeEvent, { state: closed?.state ?? null });
      expect(parent.text).toMatch(/— Closed$/);
    });
  }
});

describe('GitHub link previews of what cannot be read', () => {
  for (const status of [404, 410, 403] as const) {
    it(`an issue that answers ${status} has no preview (null), not an error`, async () => {
      const issue = h.fake.openIssue(REPO, { title: 'Secret' });
      h.fake.makeUnreadable(REPO, issue.number, status);
      await expect(h.adapter.describeUrl(`${h.fake.webUrl}/${REPO}/issues/${issue.number}`)).resolves.toBeNull();
    });
  }

  it('an answer GitHub’s description does not allow has no preview; an outage is still an error', async () => {
    const pull = h.fake.openPull(REPO, { title: 'Odd', head: 'odd' });
    h.fake.failNext(/\/pulls\/\d+$/, { status: 200, body: { number: 'not a number' } });
    await expect(h.adapter.describeUrl(`${h.fake.webUrl}/${REPO}/pull/${pull.number}`)).resolves.toBeNull();
    h.fake.failNext(/\/pulls\/\d+$/, { status: 502, rawBody: '<html>Bad gateway</html>' });
    await expect(h.adapter.describeUrl(`${h.fake.webUrl}/${REPO}/pull/${pull.number}`)).rejects.toMatchObject({
      code: 'server_error',
    });
  });
});

describe('completeFeedPage / inferFeedType', () => {
  const entry = (id: string, created_at: string | null, type: string | null = 'IssuesEvent') => ({
    id,
    type,
    actor: { login: 'mona' },
    payload: { action: 'opened', issue: { number: 1 } },
    created_at,
  });

  it('takes the nearest older entry’s time, else the nearest newer one, else the read time', () => {
    const page = completeFeedPage(
      [entry('9', null), entry('8', '2025-01-01T10:00:05Z'), entry('7', null), entry('6', '2025-01-01T10:00:01Z')],
      Date.parse('2025-01-02T00:00:00Z'),
    );
    expect(page.map((item) => ('entry' in item ? item.entry?.created_at : null))).toEqual([
      '2025-01-01T10:00:05Z',
      '2025-01-01T10:00:05Z',
      '2025-01-01T10:00:01Z',
      '2025-01-01T10:00:01Z',
    ]);
    const alone = completeFeedPage([entry('5', 'not a time')], Date.parse('2025-01-02T00:00:00Z'));
    expect(alone[0]).toMatchObject({ entry: { created_at: '2025-01-02T00:00:00.000Z' }, repaired: ['created_at'] });
  });

  it('recognises payload shapes that cannot be mistaken, and nothing else', () => {
    expect(inferFeedType({ action: 'created', review: {}, pull_request: { number: 1 } })).toBe(
      'PullRequestReviewEvent',
    );
    expect(inferFeedType({ action: 'created', comment: {}, pull_request: { number: 1 } })).toBe(
      'PullRequestReviewCommentEvent',
    );
    expect(inferFeedType({ action: 'opened', number: 1, pull_request: { number: 1 } })).toBe('PullRequestEvent');
    expect(inferFeedType({ action: 'created', issue: {}, comment: {} })).toBe('IssueCommentEvent');
    expect(inferFeedType({ action: 'opened', issue: {} })).toBe('IssuesEvent');
    expect(inferFeedType({ action: 'created', comment: { commit_id: 'abc' } })).toBe('CommitCommentEvent');
    expect(inferFeedType({ action: 'published', release: {} })).toBe('ReleaseEvent');
    expect(inferFeedType({ pages: [] })).toBe('GollumEvent');
    expect(inferFeedType({ ref: 'refs/heads/main', head: 'a', before: 'b', push_id: 1 })).toBe('PushEvent');
    expect(inferFeedType({ ref: 'x', ref_type: 'branch', master_branch: 'main' })).toBe('CreateEvent');
    expect(inferFeedType({ ref: 'x', ref_type: 'branch', pusher_type: 'user' })).toBeNull();
    expect(inferFeedType({ action: 'started' })).toBeNull();
  });
});
