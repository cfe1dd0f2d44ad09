import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../electron/contract/schemas.js';
import type { EngineOnDisk } from './engine-on-disk.js';
import { type Clock, systemClock } from '../../../electron/core/runtime/clock.js';
import { type GitHubFake, startGitHubFake } from '../../fakes/github/index.js';
import { type GitLabFake, startGitLabFake } from '../../fakes/gitlab/index.js';
import { type SlackFake, startSlackFake } from '../../fakes/slack/index.js';
import { startEngineOnDisk } from './engine-on-disk.js';
import {
  accountState,
  backoffRecordingClock,
  config,
  countsOf,
  DAY_MS,
  GH_REPO,
  GL_REPO,
  once,
} from './resilience-world.js';
import { sleep, until } from '../../support/wait-until.js';

describe('forge resilience, through the real engine', () => {
  let slack: SlackFake | undefined;
  let github: GitHubFake | undefined;
  let gitlab: GitLabFake | undefined;
  let engine: EngineOnDisk | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await engine?.stop();
    await Promise.all([slack?.close(), github?.close(), gitlab?.close()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    [slack, github, gitlab, engine, dataDir] = [undefined, undefined, undefined, undefined, undefined];
  });

  it('catches up after downtime: everything that happened while stopped is delivered once, nothing old again', async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    gitlab = await startGitLabFake();
    github.createRepo(GH_REPO);
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-catchup-'));
    const key = randomBytes(32);
    engine = await startEngineOnDisk(dataDir, key, config(slack, { github, gitlab }));
    await sleep(1200);
    github.openIssue(GH_REPO, { title: 'Before the outage on GitHub' });
    gitlab.openIssue(GL_REPO, { title: 'Before the outage on GitLab' });
    await until(() => slack!.messages.length === 2, 'the two messages from before the outage');
    await engine.stop();
    engine = undefined;

    const during = [
      'GitHub while down 1',
      'GitHub while down 2',
      'GitHub while down 3',
      'GitLab while down 1',
      'GitLab while down 2',
    ];
    for (const title of during.slice(0, 3)) github.openIssue(GH_REPO, { title });
    github.push(GH_REPO, 'main', ['Pushed while Forgebell was stopped']);
    for (const title of during.slice(3)) gitlab.openIssue(GL_REPO, { title });
    gitlab.push(GL_REPO, { branch: 'main', commits: ['GitLab push while stopped'] });

    engine = await startEngineOnDisk(dataDir, key, null);
    const expected = 2 + during.length + 2;
    await until(
      () => slack!.messages.length >= expected,
      () => `${expected} messages after the restart (have ${slack!.messages.length})`,
    );
    await sleep(1500);
    expect(countsOf(slack, [...during, 'Before the outage on GitHub', 'Before the outage on GitLab'])).toEqual(
      once([...during, 'Before the outage on GitHub', 'Before the outage on GitLab']),
    );
    expect(
      slack.messages
        .filter((m) => /pushed 1 commit to main/.test(m.text))
        .map((m) => m.text.slice(0, m.text.indexOf(']') + 1)),
    ).toEqual(expect.arrayContaining(['[octo-org/hello-world]', '[acme/platform/api]']));
    expect(slack.messages).toHaveLength(expected);
    const items = engine.feed.page({ limit: 100 }).items;
    expect(items).toHaveLength(expected);
    expect(items.every((i) => i.fate === 'delivered')).toBe(true);
    expect(new Set(items.map((i) => i.eventId)).size).toBe(items.length);
  });

  it("window overflow: more than GitHub's 300 feed events while stopped: issues recovered from the issues list, the rest reported honestly", async () => {
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(GH_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-overflow-'));
    const key = randomBytes(32);
    engine = await startEngineOnDisk(dataDir, key, config(slack, { github }));
    await sleep(1200);
    github.openIssue(GH_REPO, { title: 'Seen before the outage' });
    await until(() => slack!.messages.length === 1, 'the first message');
    await engine.stop();
    engine = undefined;

    github.openIssue(GH_REPO, { title: 'Pushed out of the feed' });
    for (let i = 0; i < 320; i++) github.editWiki(GH_REPO, [`Page ${i}`]);
    github.openIssue(GH_REPO, { title: 'Still in the feed' });

    engine = await startEngineOnDisk(dataDir, key, null);
    await until(() => slack!.messages.some((m) => m.text.includes('Still in the feed')), 'the issue still in the feed');
    const warning = await (async () => {
      await until(
        () => engine!.logs.some((l) => /only keeps the latest 300 events/.test(l.message)),
        'the overflow warning in the log',
      );
      return engine!.logs.find((l) => /only keeps the latest 300 events/.test(l.message));
    })();
    expect(warning).toMatchObject({
      level: 'warn',
      message: expect.stringMatching(
        /octo-org\/hello-world.*recovered 1 issue change.*other activity between .* may be missing/,
      ),
    });
    // The issue that fell out of the feed is rebuilt from the issues list: delivered once, not again on later polls.
    await until(() => slack!.messages.some((m) => m.text.includes('Pushed out of the feed')), 'the recovered issue');
    await sleep(2500);
    expect(countsOf(slack, ['Seen before the outage', 'Pushed out of the feed', 'Still in the feed'])).toEqual(
      once(['Seen before the outage', 'Pushed out of the feed', 'Still in the feed']),
    );
    const logs = await engine.handlers['logs.recent']({});
    expect(logs.some((l) => /may be missing/.test(l.message))).toBe(true);
    // Not only logged: the account shows it in status (tray, status bar, Diagnostics).
    await until(
      () => engine!.status().accounts.some((a) => a.state === 'degraded' && /may be missing/.test(a.error ?? '')),
      'the gap in the account status',
    );
  });

  it('GitLab day boundary: events just before and after midnight UTC are each delivered once', async () => {
    // The engine and the fake share a clock that jumps to one second before the next UTC midnight once polling runs.
    let offset = 0;
    const clock: Clock = {
      now: () => Date.now() + offset,
      monotonic: systemClock.monotonic,
      setTimeout: systemClock.setTimeout,
    };
    slack = await startSlackFake();
    gitlab = await startGitLabFake({ now: clock.now });
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-midnight-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { gitlab }), { clock });
    await sleep(1200);
    const midnight = Math.ceil((Date.now() + 5000) / DAY_MS) * DAY_MS;
    offset = midnight - 1000 - Date.now();
    gitlab.openIssue(GL_REPO, { title: 'Late evening issue' });
    expect(new Date(gitlab.project(GL_REPO).issues[0]!.createdAt).getTime()).toBeLessThan(midnight);
    await until(() => slack!.messages.length === 1, 'the evening issue');
    await until(() => clock.now() >= midnight + 300, 'midnight UTC on the engine clock');
    gitlab.openIssue(GL_REPO, { title: 'Just after midnight issue' });
    await until(() => slack!.messages.length === 2, 'the after-midnight issue');
    // Polls after midnight ask for the previous day again (day granularity); nothing may come back twice.
    await sleep(1500);
    expect(countsOf(slack, ['Late evening issue', 'Just after midnight issue'])).toEqual(
      once(['Late evening issue', 'Just after midnight issue']),
    );
    expect(slack.messages).toHaveLength(2);
    expect(engine.feed.page({ limit: 10 }).items).toHaveLength(2);
  });

  it('5xx and malformed JSON on one account: it backs off and retries; the other account keeps delivering', async () => {
    const clock = backoffRecordingClock(5000, 1500);
    slack = await startSlackFake();
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    gitlab = await startGitLabFake();
    github.createRepo(GH_REPO);
    gitlab.createProject(GL_REPO);
    dataDir = mkdtempSync(join(tmpdir(), 'forgebell-isolation-'));
    engine = await startEngineOnDisk(dataDir, randomBytes(32), config(slack, { github, gitlab }), { clock });
    await sleep(1200);
    expect(accountState(engine, 'gitlab')?.state).toBe('ok');
    const githubStates: { state: string; error: string | null }[] = [];
    const gitlabStates = new Set<string>();
    engine.onPush((event, payload) => {
      if (event !== 'status') return;
      for (const a of (payload as Status).accounts) {
        if (a.id === 'github') githubStates.push({ state: a.state, error: a.error });
        if (a.id === 'gitlab') gitlabStates.add(a.state);
      }
    });

    // Two failed cycles on GitHub: an HTML 502 page, then a 200 with truncated JSON.
    github.failNext(/\/events$/, { status: 502, rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    github.failNext(/\/events$/, { status: 200, rawBody: '[{"id":"1","type":"IssuesEvent","payload":{' });
    github.openIssue(GH_REPO, { title: 'GitHub after the outage' });
    gitlab.openIssue(GL_REPO, { title: 'GitLab during the GitHub outage' });

    await until(() => slack!.messages.length === 2, 'both messages');
    const order = slack.messages.map((m) => (m.text.includes('GitLab during') ? 'gitlab' : 'github'));
    expect(order).toEqual(['gitlab', 'github']);
    expect(github.stats.injected).toBe(2);
    expect(githubStates.some((s) => s.state === 'degraded' && /answered 502; will retry/.test(s.error ?? ''))).toBe(
      true,
    );
    expect(githubStates.some((s) => s.state === 'degraded' && /not JSON/.test(s.error ?? ''))).toBe(true);
    expect([...gitlabStates]).toEqual(['ok']);
    // Backoff with jitter after each failed cycle: 10 s ± 50 %, then 20 s ± 50 % (shortened by the test clock).
    expect(clock.longWaits.length).toBeGreaterThanOrEqual(2);
    expect(clock.longWaits[0]).toBeGreaterThanOrEqual(5000);
    expect(clock.longWaits[1]).toBeGreaterThanOrEqual(10_000);
    await until(() => accountState(engine!, 'github')?.state === 'ok', 'GitHub to be ok again');
    await sleep(1000);
    expect(countsOf(slack, ['GitHub after the outage', 'GitLab during the GitHub outage'])).toEqual(
      once(['GitHub after the outage', 'GitLab during the GitHub outage']),
    );
  });
});
