import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubHarness, type GitHubHarness } from '../../../../test/fakes/github/adapter-harness.js';
import { omitFields } from '../../../../test/fakes/github/feed-shaping.js';
import type { EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';

/**
 * What personal notifications need from GitHub: who an event concerns. The Events API names the requested reviewer and
 * the assignee when it is not thinned; the requested reviewers (users and teams), assignees and author always come
 * from the hydration the adapter does anyway — GraphQL `reviewRequests`/`assignees` in the cycle's batch, or REST.
 */

const REPO = 'octo-org/hello-world';
const A = 'octo-org/a';
const B = 'octo-org/b';
const WANTED: EventName[] = ['issues', 'pulls', 'reviews', 'comments', 'pipelines'];
let h: GitHubHarness;

beforeEach(async () => {
  h = await startGitHubHarness();
  for (const repo of [REPO, A, B]) h.fake.createRepo(repo);
  h.clock.advance(1_000);
  h.startNow();
  await h.pollCycle([REPO, A, B], WANTED);
});
afterEach(() => h.close());

async function cycle(repos = [REPO]): Promise<ForgeEvent[]> {
  h.clock.advance(60_000);
  const results = await h.pollCycle(repos, WANTED);
  return [...results.values()].flatMap((r) => r.events);
}

describe('GitHub events carry who they concern', () => {
  it('a new pull request: author, requested reviewers and teams, assignees (GraphQL batch)', async () => {
    h.fake.openPull(A, { title: 'A', head: 'a', actor: 'alice', reviewers: ['bob', 'carol'], teams: ['core'] });
    h.fake.openPull(B, { title: 'B2', head: 'b', actor: 'erin', reviewers: ['alice'] });
    h.fake.openIssue(B, { title: 'B', actor: 'dave', assignees: ['erin'] });
    const events = await cycle([A, B]);
    expect(h.fake.graphqlQueries).toHaveLength(1);
    expect(h.fake.graphqlQueries[0]).toMatch(/reviewRequests/);
    expect(Object.keys(h.fake.stats.byPath).filter((p) => /\/pulls\//.test(p))).toEqual([]);
    expect(events.find((e) => e.event === 'pulls')?.involved).toEqual({
      authors: ['alice'],
      reviewers: ['bob', 'carol'],
      reviewerTeams: ['core'],
      assignees: [],
    });
    expect(events.find((e) => e.event === 'issues')?.involved).toEqual({ authors: ['dave'], assignees: ['erin'] });
  });

  it('review_requested and assigned actions name whom, and fall back to the lists when thinned away', async () => {
    const pull = h.fake.openPull(REPO, { title: 'P', head: 'p', actor: 'alice' });
    await cycle();
    h.fake.requestReview(REPO, pull.number, { reviewers: ['bob'], actor: 'alice' });
    h.fake.assign(REPO, pull.number, ['carol'], { actor: 'alice' });
    const events = await cycle();
    expect(events.map((e) => [e.action, e.involved?.targets])).toEqual([
      ['review_requested', ['bob']],
      ['assigned', ['carol']],
    ]);
    h.fake.feedShaper = omitFields({ PullRequestEvent: ['payload.requested_reviewer', 'payload.assignee'] });
    h.fake.requestReview(REPO, pull.number, { reviewers: ['dave'], actor: 'alice' });
    const [thin] = await cycle();
    expect(thin?.action).toBe('review_requested');
    expect(thin?.involved?.targets).toBeUndefined();
    expect(thin?.involved?.reviewers).toEqual(['bob', 'dave']);
  });

  it('an issue assignment; a review names the pull request author; over REST as over GraphQL', async () => {
    const issue = h.fake.openIssue(REPO, { title: 'I', actor: 'dave' });
    const pull = h.fake.openPull(REPO, { title: 'P', head: 'p', actor: 'alice', reviewers: ['bob'] });
    await cycle();
    h.fake.assign(REPO, issue.number, ['erin'], { actor: 'dave' });
    h.fake.review(REPO, pull.number, { state: 'approved', actor: 'bob' });
    // One subject only in this cycle: the adapter reads it over REST (no batch for a single subject).
    const before = h.fake.graphqlQueries.length;
    const events = await cycle();
    expect(h.fake.graphqlQueries.length).toBe(before);
    const assigned = events.find((e) => e.event === 'issues');
    expect(assigned).toMatchObject({ action: 'assigned', involved: { targets: ['erin'], assignees: ['erin'] } });
    const review = events.find((e) => e.event === 'reviews');
    // GitHub drops a reviewer's request once they review.
    expect(review?.involved).toMatchObject({ authors: ['alice'], reviewers: [] });
  });

  it('a failed workflow run is on whoever started it', async () => {
    h.fake.workflowRun(REPO, { branch: 'main', conclusion: 'failure', actor: 'alice' });
    const [run] = await cycle();
    expect(run).toMatchObject({ event: 'pipelines', action: 'failed', involved: { authors: ['alice'] } });
  });
});
