import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabHarness, type GitLabHarness } from '../../../../test/fakes/gitlab/adapter-harness.js';
import { normaliseFeedEvent } from './normalise-event.js';
import { eventSchema, issueSchema } from './schemas.js';
import { isIssueLike } from './subjects.js';

/**
 * Newer GitLab records events on items created through work items with `target_type: "WorkItem"` (Event#target_type
 * is the record's class name; ISSUE_TYPES = Issue, WorkItem). Notes on them keep `noteable_type: "Issue"` (Rails
 * stores the base class). Issue-type work items (and incidents) are issues; other types (tasks …) are not notified.
 */

const REPO = 'acme/platform/backend';
let h: GitLabHarness;

beforeEach(async () => {
  h = await startGitLabHarness({ start: '2025-03-10T09:00:00.000Z' });
  h.fake.createProject(REPO);
});
afterEach(() => h.close());

describe('GitLab adapter: work items', () => {
  it('an issue-type work item is an issue: opened, commented, closed, in one thread, with its labels', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    const item = h.fake.openIssue(REPO, { title: 'Planned via work items', labels: ['ux'], workItem: true });
    h.fake.comment(REPO, { issue: item.iid, body: 'On it' });
    h.clock.advance(2 * 60_000);
    h.fake.closeIssue(REPO, item.iid);
    expect(
      h.fake
        .project(REPO)
        .events.slice(-3)
        .map((e) => e.targetType),
    ).toEqual(['WorkItem', 'Note', 'WorkItem']);
    expect(h.fake.project(REPO).notes.at(-1)?.noteableType).toBe('Issue');
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.action, e.subjectKey, e.title, e.labels])).toEqual([
      ['issues', 'opened', `issue:${item.iid}`, 'Planned via work items', ['ux']],
      ['comments', 'commented', `issue:${item.iid}`, 'Planned via work items', ['ux']],
      ['issues', 'closed', `issue:${item.iid}`, 'Planned via work items', ['ux']],
    ]);
    expect(events[0]?.url).toBe(`${h.fake.url}/${REPO}/-/issues/${item.iid}`);
  });

  it('incidents are issues too; a confidential work item is a confidential issue', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    h.fake.openIssue(REPO, { title: 'Outage', type: 'incident', workItem: true });
    h.fake.openIssue(REPO, { title: 'Embargoed', confidential: true, workItem: true });
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events.map((e) => [e.event, e.title])).toEqual([
      ['issues', 'Outage'],
      ['confidential_issues', 'Embargoed'],
    ]);
  });

  it('a task (a work item that is not an issue) is not notified, nor are comments on it', async () => {
    const poller = h.poller(REPO);
    await poller.poll();
    const task = h.fake.openIssue(REPO, { title: 'Write the docs', type: 'task' });
    h.fake.comment(REPO, { issue: task.iid, body: 'Started' });
    h.fake.openIssue(REPO, { title: 'Control issue' });
    h.clock.advance(60_000);
    const { events } = await poller.poll();
    expect(events.map((e) => e.title)).toEqual(['Control issue']);
    expect(h.logs.some((l) => /work item that is not an issue/.test(l.message))).toBe(true);
  });

  it('a link to /-/work_items/N is previewed as the issue', async () => {
    const item = h.fake.openIssue(REPO, { title: 'Linked work item', workItem: true });
    await expect(h.adapter.describeUrl(`${h.fake.url}/${REPO}/-/work_items/${item.iid}`)).resolves.toMatchObject({
      event: 'issues',
      title: 'Linked work item',
      subjectKey: `issue:${item.iid}`,
    });
  });
});

describe('GitLab link previews of what cannot be read', () => {
  it('a 403, a 410 or an answer of the wrong shape has no preview (null); an outage is still an error', async () => {
    const item = h.fake.openIssue(REPO, { title: 'Hidden' });
    const url = `${h.fake.url}/${REPO}/-/issues/${item.iid}`;
    for (const status of [403, 410]) {
      h.fake.failNext(/\/issues\/\d+$/, { status });
      await expect(h.adapter.describeUrl(url)).resolves.toBeNull();
    }
    h.fake.failNext(/\/issues\/\d+$/, { status: 200, rawBody: JSON.stringify({ iid: 'x' }) });
    await expect(h.adapter.describeUrl(url)).resolves.toBeNull();
    h.fake.failNext(/\/issues\/\d+$/, { status: 503 });
    await expect(h.adapter.describeUrl(url)).rejects.toMatchObject({ code: 'server_error' });
    await expect(h.adapter.describeUrl(url)).resolves.toMatchObject({ title: 'Hidden' });
  });
});

describe('isIssueLike and a WorkItem feed row', () => {
  it('issue and incident types (any spelling) and items without a type are issues; tasks and others are not', () => {
    expect(isIssueLike({ type: 'ISSUE', issue_type: 'issue' })).toBe(true);
    expect(isIssueLike({ type: null, issue_type: 'incident' })).toBe(true);
    expect(isIssueLike({ type: undefined, issue_type: undefined })).toBe(true);
    expect(isIssueLike({ type: 'TASK', issue_type: 'task' })).toBe(false);
    expect(isIssueLike({ type: 'OBJECTIVE', issue_type: null })).toBe(false);
  });

  it('normalises a WorkItem row with its hydrated issue', () => {
    const issue = issueSchema.parse({
      iid: 4,
      title: 'T',
      state: 'opened',
      labels: null,
      confidential: null,
      web_url: 'https://gitlab.example/g/p/-/issues/4',
      created_at: '2025-03-10T09:00:00Z',
      type: 'ISSUE',
    });
    const row = eventSchema.parse({
      id: 1,
      action_name: 'opened',
      target_iid: 4,
      target_type: 'WorkItem',
      created_at: '2025-03-10T09:00:00Z',
      author: { username: 'mona' },
    });
    const [event] = normaliseFeedEvent(
      {
        accountId: 'a',
        repo: 'g/p',
        repoUrl: 'https://gitlab.example/g/p',
        wanted: new Set(['issues']),
        hydrated: { issues: new Map([[4, issue]]), mergeRequests: new Map(), pushCommits: new Map() },
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      },
      row,
    );
    expect(event).toMatchObject({ event: 'issues', action: 'opened', subjectKey: 'issue:4', labels: [] });
  });
});
