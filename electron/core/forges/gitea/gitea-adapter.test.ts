import { afterEach, describe, expect, it } from 'vitest';
import { startGiteaFake, type GiteaFake, type GiteaFakeOptions } from '../../../../test/fakes/gitea/index.js';
import { EVENT_NAMES, type EventName } from '../../../contract/vocabulary/event-names.js';
import type { ForgeEvent } from '../../events/forge-event.js';
import type { Clock } from '../../runtime/clock.js';
import { silentLogger } from '../../runtime/logger.js';
import type { ForgeAdapter, RepoCursor } from '../forge-adapter.js';
import { ForgeError } from '../forge-error.js';
import { createGiteaAdapter } from './adapter.js';

/** The Gitea adapter against the fake Gitea (a real HTTP server), one virtual clock for both. */
let now = Date.parse('2026-03-10T09:00:00.000Z');
const clock: Clock = {
  now: () => now,
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
};
let fake: GiteaFake | undefined;
const REPO = 'acme/widgets';

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: GiteaFakeOptions = {}): Promise<{ fake: GiteaFake; adapter: ForgeAdapter }> {
  now = Date.parse('2026-03-10T09:00:00.000Z');
  fake = await startGiteaFake({ now: () => now, ...options });
  fake.createRepo(REPO, { org: true, watchers: ['watcher1', 'watcher2'] });
  const adapter = createGiteaAdapter({
    accountId: 'tea',
    apiUrl: fake.apiUrl,
    token: fake.token,
    clock,
    logger: silentLogger,
  });
  return { fake, adapter };
}

/** Polls one repo, carrying the cursor as the engine does. */
function poller(adapter: ForgeAdapter, options: { wanted?: readonly EventName[]; since?: number } = {}) {
  let cursor: RepoCursor | null = null;
  const since = new Date(options.since ?? now);
  return async (): Promise<ForgeEvent[]> => {
    const result = await adapter.poll({ repo: REPO, cursor, since, wanted: new Set(options.wanted ?? EVENT_NAMES) });
    cursor = result.cursor;
    return result.events;
  };
}

const tick = (ms = 5_000) => {
  now += ms;
};

describe('gitea adapter: activity feeds', () => {
  it('reports each action once although Gitea writes a row per receiver, hydrated, in UTC', async () => {
    const { fake, adapter } = await setup();
    const poll = poller(adapter);
    tick();
    fake.openIssue(REPO, { title: 'Crash on start', body: 'Steps…', labels: ['bug'], by: 'alice' });
    // The org, two watchers and the actor each got a row.
    expect(fake.world.rows.filter((r) => r.opType === 'create_issue')).toHaveLength(4);
    tick();
    const events = await poll();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      forge: 'gitea',
      event: 'issues',
      action: 'opened',
      title: 'Crash on start',
      labels: ['bug'],
      actor: 'alice',
      number: 1,
      subjectKey: 'issue:1',
      url: `${fake.url}/${REPO}/issues/1`,
      createdAt: new Date(now - 5_000).toISOString(),
    });
    expect(events[0]!.seq).toEqual(expect.any(Number));
    tick();
    expect(await poll()).toEqual([]);
  });

  it('closes, reopens, comments (full body), pull requests, reviews, merges', async () => {
    const { fake, adapter } = await setup();
    const poll = poller(adapter);
    tick();
    fake.openIssue(REPO, { title: 'Bug', by: 'alice' });
    fake.push(REPO, 'feature', ['Add feature'], { by: 'bob' });
    tick();
    fake.closeIssue(REPO, 1, { by: 'bob' });
    fake.openPull(REPO, { title: 'Feature', head: 'feature', by: 'bob' });
    const long = `Looks good. ${'x'.repeat(300)}`;
    fake.comment(REPO, 2, long, { by: 'alice' });
    fake.review(REPO, 2, { state: 'approve', body: 'Ship it', by: 'alice' });
    tick();
    fake.mergePull(REPO, 2, { by: 'carol' });
    fake.reopenIssue(REPO, 1, { by: 'alice' });
    tick();
    const events = await poll();
    const brief = events.map((e) => `${e.event}:${e.action}:${e.number ?? ''}`);
    expect(brief).toEqual([
      'issues:opened:1',
      'branches:created:',
      'commits:pushed:',
      'issues:closed:1',
      'pulls:opened:2',
      'comments:commented:2',
      'reviews:submitted:2',
      'pulls:merged:2',
      'issues:reopened:1',
    ]);
    const comment = events.find((e) => e.event === 'comments')!;
    expect(comment.details).toMatchObject({ kind: 'comment', body: long, on: 'pull_request' });
    expect(events.find((e) => e.event === 'reviews')!.details).toMatchObject({ state: 'approved', body: 'Ship it' });
    // The merge is read back: the card shows the pull request as merged.
    expect(events.find((e) => e.action === 'merged')).toMatchObject({ state: 'merged', subjectKey: 'pull:2' });
  });

  it('lists every pushed commit (compare API) while the feed row keeps five', async () => {
    const { fake, adapter } = await setup();
    const poll = poller(adapter, { wanted: ['commits'] });
    tick();
    fake.push(REPO, 'main', ['one', 'two', 'three', 'four', 'five', 'six', 'seven'], { by: 'alice' });
    tick();
    const [push] = await poll();
    expect(push).toMatchObject({ event: 'commits', branch: 'main', title: '7 commits to main' });
    expect(push!.details).toMatchObject({ kind: 'push', totalCommits: 7 });
    expect(push!.details.kind === 'push' && push!.details.commits.map((c) => c.title)).toEqual([
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
    ]);
  });

  it('on a server without the compare API shows the five commits the feed row has (oldest first)', async () => {
    const { fake, adapter } = await setup({ version: '1.21.11' });
    const poll = poller(adapter, { wanted: ['commits'] });
    tick();
    fake.push(REPO, 'main', ['one', 'two', 'three', 'four', 'five', 'six', 'seven'], { by: 'alice' });
    tick();
    const [push] = await poll();
    expect(push!.details.kind === 'push' && push!.details.commits.map((c) => c.title)).toEqual([
      'three',
      'four',
      'five',
      'six',
      'seven',
    ]);
    expect(push!.details).toMatchObject({ totalCommits: 7 });
  });

  it('marks a WIP pull request as draft by its title where the server sends no draft flag', async () => {
    const { fake, adapter } = await setup({ version: '1.21.11' });
    const poll = poller(adapter, { wanted: ['pulls'] });
    fake.push(REPO, 'wip', ['start']);
    tick();
    fake.openPull(REPO, { title: 'WIP: new parser', head: 'wip' });
    tick();
    const [pull] = await poll();
    expect(pull).toMatchObject({ event: 'pulls', action: 'opened', draft: true, state: 'draft' });
  });

  it('tags, deleted branches and releases with their notes', async () => {
    const { fake, adapter } = await setup();
    fake.push(REPO, 'old', ['x']);
    tick(60_000);
    const poll = poller(adapter);
    tick();
    fake.deleteBranch(REPO, 'old');
    fake.publishRelease(REPO, { tag: 'v1.0.0', name: 'First', body: 'Notes' });
    tick();
    const events = await poll();
    expect(events.map((e) => `${e.event}:${e.action}:${e.title}`)).toEqual([
      'branches:deleted:old',
      'tags:created:v1.0.0',
      'releases:published:First',
    ]);
    expect(events.at(-1)!.details).toMatchObject({ kind: 'release', tag: 'v1.0.0', body: 'Notes' });
  });

  it('never returns history from before the subscription started', async () => {
    const { fake, adapter } = await setup();
    fake.openIssue(REPO, { title: 'Old news' });
    tick(60_000);
    const poll = poller(adapter);
    tick();
    fake.openIssue(REPO, { title: 'News' });
    tick();
    expect((await poll()).map((e) => e.title)).toEqual(['News']);
  });

  it('pages back through more than one page of the feed', async () => {
    const { fake, adapter } = await setup();
    const poll = poller(adapter, { wanted: ['issues'] });
    tick();
    for (let i = 1; i <= 30; i++) fake.openIssue(REPO, { title: `Issue ${i}` });
    tick();
    // 30 actions × 4 receivers = 120 rows: three pages of 50.
    const events = await poll();
    expect(events.map((e) => e.title)).toEqual(Array.from({ length: 30 }, (_, i) => `Issue ${i + 1}`));
  });

  it('gives a new subscription the feed position, and seq orders actions within one second', async () => {
    const { fake, adapter } = await setup();
    fake.openIssue(REPO, { title: 'Before' });
    const position = await adapter.feedPosition!(REPO);
    fake.openIssue(REPO, { title: 'After' });
    const events = await poller(adapter, { since: now - 1 })();
    const before = events.find((e) => e.title === 'Before')!;
    const after = events.find((e) => e.title === 'After')!;
    expect(before.seq! <= position!).toBe(true);
    expect(after.seq! > position!).toBe(true);
  });
});

describe('gitea adapter: Actions runs', () => {
  it('reports finished runs once, failures with their failed jobs (runs API)', async () => {
    const { fake, adapter } = await setup({ version: '1.24.2' });
    const poll = poller(adapter, { wanted: ['pipelines'] });
    const run = fake.runWorkflow(REPO, { jobs: ['build', 'test'], by: 'alice' });
    tick();
    expect(await poll()).toEqual([]);
    tick();
    fake.finishRun(run, { failed: ['test'] });
    tick();
    const [event] = await poll();
    expect(event).toMatchObject({ event: 'pipelines', action: 'failed', branch: 'main', actor: 'alice' });
    expect(event!.details).toMatchObject({ kind: 'pipeline', status: 'failed', failedJobs: [{ name: 'test' }] });
    expect(event!.url).toBe(`${fake.url}/${REPO}/actions/runs/1`);
    expect(event!.details).not.toHaveProperty('rerunnable');
    tick();
    expect(await poll()).toEqual([]);
  });

  it('reads the tasks list where there is no runs API (Gitea 1.22/1.23, Forgejo)', async () => {
    const { fake, adapter } = await setup({ version: '9.0.3+gitea-1.22.0' });
    const poll = poller(adapter, { wanted: ['pipelines'] });
    const run = fake.runWorkflow(REPO, { jobs: ['lint', 'unit'] });
    tick();
    fake.finishRun(run, { failed: ['unit'] });
    tick();
    const [event] = await poll();
    expect(event).toMatchObject({ event: 'pipelines', action: 'failed', url: `${fake.url}/${REPO}/actions/runs/1` });
    // Without the runs list there is no API to re-run it either: the card gets no Re-run button.
    expect(event!.details).toMatchObject({ kind: 'pipeline', rerunnable: false, failedJobs: [{ name: 'unit' }] });
  });

  it('says which version is needed when the server has no Actions API', async () => {
    const { adapter } = await setup({ version: '1.21.11' });
    const result = await adapter.poll({
      repo: REPO,
      cursor: null,
      since: new Date(now),
      wanted: new Set(['pipelines']),
    });
    expect(result.events).toEqual([]);
    expect(result.warnings.join(' ')).toMatch(/Gitea 1\.22 or later, or Forgejo 7 or later/);
  });
});

describe('gitea adapter: wiki, actions from Slack, previews, access', () => {
  it('reports wiki edits after the first read (which is the baseline)', async () => {
    const { fake, adapter } = await setup();
    const poll = poller(adapter, { wanted: ['wiki'] });
    fake.editWiki(REPO, 'Home');
    expect(await poll()).toEqual([]);
    tick();
    fake.editWiki(REPO, 'Home', { by: 'alice' });
    fake.editWiki(REPO, 'Setup', { by: 'alice' });
    tick();
    expect((await poll()).map((e) => `${e.action}:${e.title}`).sort()).toEqual(['created:Setup', 'edited:Home']);
  });

  it('closes, reopens and creates issues; a read-only token gets a missing_scope error naming write:issue', async () => {
    const { fake, adapter } = await setup();
    fake.openIssue(REPO, { title: 'To close' });
    await adapter.setIssueState(REPO, 1, 'issue', 'closed');
    expect(fake.world.items[0]!.state).toBe('closed');
    const created = await adapter.createIssue(REPO, 'From Slack', 'Body');
    expect(created).toEqual({ number: 2, url: `${fake.url}/${REPO}/issues/2` });
    fake.setScopes(['read:repository', 'read:issue', 'read:user']);
    const error = await adapter.setIssueState(REPO, 1, 'issue', 'open').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeError);
    expect((error as ForgeError).code).toBe('missing_scope');
    expect((error as ForgeError).message).toMatch(/write:issue/);
  });

  it('describes issue, pull request and commit URLs for link previews', async () => {
    const { fake, adapter } = await setup();
    fake.openIssue(REPO, { title: 'An issue' });
    const [commit] = fake.push(REPO, 'feature', ['Feature commit']);
    fake.openPull(REPO, { title: 'A pull', head: 'feature' });
    expect(await adapter.describeUrl(`${fake.url}/${REPO}/issues/1`)).toMatchObject({
      event: 'issues',
      title: 'An issue',
    });
    expect(await adapter.describeUrl(`${fake.url}/${REPO}/pulls/2`)).toMatchObject({ event: 'pulls', title: 'A pull' });
    expect(await adapter.describeUrl(`${fake.url}/${REPO}/commit/${commit!.sha}`)).toMatchObject({
      event: 'commits',
      title: 'Feature commit',
    });
    expect(await adapter.describeUrl(`${fake.url}/${REPO}/issues/99`)).toBeNull();
    expect(await adapter.describeUrl('https://elsewhere.example/acme/widgets/issues/1')).toBeNull();
  });

  it('checks the server version and each scope the token cannot list', async () => {
    const { adapter } = await setup({ version: '1.22.3', scopes: ['read:user', 'read:repository'] });
    const checks = await adapter.checkAccess!();
    expect(checks.map((c) => `${c.label}:${c.ok}`)).toEqual([
      'server version:true',
      'scope read:repository:true',
      'scope read:issue:false',
    ]);
    expect(checks[2]!.fix).toMatch(/user\/settings\/applications/);
  });

  it('names the version needed on a Gitea older than the activity-feeds API', async () => {
    const { adapter } = await setup({ version: '1.19.4' });
    const [version] = await adapter.checkAccess!();
    expect(version).toMatchObject({ ok: false });
    expect(version!.fix).toMatch(/Gitea 1\.20 or later/);
  });

  it('waits out a 429 from a proxy in front of Gitea (Retry-After) instead of failing the account', async () => {
    const { fake, adapter } = await setup();
    fake.failNext(/activities\/feeds/, { status: 429, headers: { 'retry-after': '30' } });
    const error = await adapter
      .poll({ repo: REPO, cursor: null, since: new Date(now), wanted: new Set(['issues']) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAt: now + 30_000 } });
    expect(adapter.rateLimit().remaining).toBe(0);
  });

  it('resolves repositories, branches and the picker list', async () => {
    const { fake, adapter } = await setup();
    fake.createRepo('acme/gadgets', { org: true });
    expect(await adapter.resolveRepo(`${fake.url}/${REPO}`)).toMatchObject({ path: REPO, defaultBranch: 'main' });
    await expect(adapter.resolveRepo('acme/nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(await adapter.branches(REPO)).toEqual({ defaultBranch: 'main', protectedBranches: [] });
    expect(await adapter.listRepos!('gad')).toEqual(['acme/gadgets']);
    expect(await adapter.whoami()).toEqual({ login: 'gitea-user', name: 'Gitea User', scopes: null });
  });
});
