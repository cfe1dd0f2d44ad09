import { afterEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import type { FeedItem } from '../../electron/contract/schemas.js';
import { DEFAULT_GITHUB_TOKEN, type GitHubFake, startGitHubFake } from '../fakes/github/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type EngineHarness, startEngine } from '../support/engine-harness.js';
import { until } from '../support/wait-until.js';

const REPO = 'octo-org/hello-world';

describe('delivery through the outbox', () => {
  let slack: SlackFake;
  let github: GitHubFake;
  let h: EngineHarness;
  afterEach(async () => {
    await h?.stop();
    await slack?.close();
    await github?.close();
  });

  async function setup(
    sub: Record<string, unknown> = {},
    slackOptions: Parameters<typeof startSlackFake>[0] = {},
  ): Promise<void> {
    slack = await startSlackFake(slackOptions);
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [{ account: 'github', repo: REPO, events: ['issues', 'comments'], ...sub }],
    });
    await new Promise((r) => setTimeout(r, 1200));
  }

  it('threads later events under the first message and keeps the parent current', async () => {
    await setup();
    const issue = github.openIssue(REPO, { title: 'Threaded issue' });
    await until(() => slack.messages.length === 1, 'parent');
    github.comment(REPO, { issue: issue.number }, 'A comment');
    github.closeIssue(REPO, issue.number);
    await until(() => slack.messages.length === 3, 'replies');
    const [parent, ...replies] = slack.messages;
    for (const r of replies) expect(r.thread_ts).toBe(parent!.ts);
    await until(() => /Closed/.test(JSON.stringify(slack.messages[0]!.blocks)), 'parent updated to Closed');
    expect(slack.messages[0]!.edits?.length).toBeGreaterThan(0);
  });

  it('posts flat when threads are off', async () => {
    await setup({ threads: false });
    const issue = github.openIssue(REPO, { title: 'Flat issue' });
    github.closeIssue(REPO, issue.number);
    await until(() => slack.messages.length === 2, 'two messages');
    expect(slack.messages.every((m) => m.thread_ts === undefined)).toBe(true);
  });

  it('honours 429 Retry-After and retries 5xx without losing or repeating', async () => {
    await setup();
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    slack.failNext('chat.postMessage', { status: 500 });
    const started = Date.now();
    github.openIssue(REPO, { title: 'Survives 429 and 500' });
    await until(() => slack.messages.length === 1, 'the message', 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.messages).toHaveLength(1);
    const page = await h.engine.handlers['feed.page']({ limit: 10 });
    expect(page.items[0]!.fate).toBe('delivered');
  });

  it('stops on a permanent error and says how to fix it', async () => {
    await setup({ channel: 'no-such-channel' });
    github.openIssue(REPO, { title: 'Goes nowhere' });
    await until(() => h.state.feed.page({ limit: 5 }).items.some((i) => i.fate === 'failed'), 'failed fate');
    const failed = h.state.feed.page({ limit: 5 }).items.find((i) => i.fate === 'failed')!;
    expect(failed.destinations).toMatchObject([
      {
        target: 'no-such-channel',
        fate: 'failed',
        reason: 'The channel does not exist or the bot cannot see it.',
        fix: expect.stringMatching(/Check the channel name/),
        errorCode: 'channel_not_found',
      },
    ]);
    // One channel that does not work is that subscription's problem, never Slack's (#12.5).
    expect(h.engine.status().slack.error).toBeNull();
    // Retry from the feed after the channel exists.
    slack.addChannel('no-such-channel', { is_member: true });
    await h.engine.handlers['feed.retry']({ id: failed.id });
    await until(() => slack.messages.length === 1, 'retried message');
  });

  it('one feed row per event, with a destination per subscription and each its own fate; pushes carry it whole', async () => {
    slack = await startSlackFake();
    slack.addChannel('ci-alerts', { is_member: true });
    github = await startGitHubFake({ pollIntervalSeconds: 1 });
    github.createRepo(REPO);
    h = await startEngine({
      version: 1,
      pollIntervalSeconds: 1,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
      accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
      subscriptions: [
        { account: 'github', repo: REPO, events: ['issues'] },
        { account: 'github', repo: REPO, events: ['issues'], channel: 'ci-alerts' },
        { account: 'github', repo: REPO, events: ['pulls'], channel: 'pulls-only' },
        { account: 'github', repo: REPO, events: ['issues'], channel: 'nope-channel' },
      ],
    });
    const pushed: FeedItem[] = [];
    h.engine.onPush((event, payload) => {
      if (event === 'feed.item') pushed.push(payload as FeedItem);
    });
    await new Promise((r) => setTimeout(r, 1200));
    github.openIssue(REPO, { title: 'Seen by four subscriptions', actor: 'root' });
    await until(
      () =>
        h.state.feed.page({ limit: 5 }).items[0]?.destinations.every((d) => !['queued', 'retrying'].includes(d.fate)) ??
        false,
      'every destination settled',
    );
    const subs = h.saved().subscriptions;
    const page = await h.engine.handlers['feed.page']({ limit: 10 });
    expect(page.total).toBe(1);
    const [item] = page.items;
    expect(item).toMatchObject({ summary: expect.stringMatching(/Seen by four subscriptions/), fate: 'failed' });
    expect(item!.destinations.map((d) => [d.subscriptionId, d.kind, d.target, d.fate])).toEqual([
      [subs[0]!.id, 'channel', 'general', 'delivered'],
      [subs[1]!.id, 'channel', 'ci-alerts', 'delivered'],
      [subs[2]!.id, 'channel', 'pulls-only', 'filtered'],
      [subs[3]!.id, 'channel', 'nope-channel', 'failed'],
    ]);
    expect(item!.destinations[2]!.reason).toBe(`issues are off for ${REPO}`);
    expect(item!.destinations[0]!.slackLink).toMatch(/^https?:|^slack:/);
    expect(slack.messages.map((m) => slack.channel(m.channel)?.name).sort()).toEqual(['ci-alerts', 'general']);
    // Every push is the whole event; the last one is what the page says.
    expect(new Set(pushed.map((p) => p.id))).toEqual(new Set([item!.id]));
    expect(pushed.at(-1)).toEqual(item);
    // A fate filter matches an event when any destination has it.
    for (const fate of ['delivered', 'filtered', 'failed'] as const)
      expect((await h.engine.handlers['feed.page']({ limit: 10, fate })).total, fate).toBe(1);
    expect((await h.engine.handlers['feed.page']({ limit: 10, fate: 'queued' })).total).toBe(0);
  });

  it('shows filtered events in the feed with the reason', async () => {
    await setup({ labels: { include: ['bug'], exclude: [], match: 'any' } });
    github.openIssue(REPO, { title: 'No label' });
    github.openIssue(REPO, { title: 'Has label', labels: ['bug'] });
    await until(() => slack.messages.length === 1, 'one message');
    const items = h.state.feed.page({ limit: 10 }).items;
    expect(items.find((i) => i.summary.includes('No label'))).toMatchObject({
      fate: 'filtered',
      destinations: [{ target: 'general', fate: 'filtered', reason: expect.stringMatching(/unlabelled/) }],
    });
  });

  it('holds events while paused and sends one digest per channel on resume', async () => {
    await setup();
    await h.engine.handlers['engine.pause']({ until: null, mode: 'hold' });
    github.openIssue(REPO, { title: 'Held one' });
    github.openIssue(REPO, { title: 'Held two' });
    await until(() => h.state.feed.page({ limit: 10, fate: 'paused' }).items.length === 2, 'paused fates');
    expect(slack.messages).toHaveLength(0);
    await h.engine.handlers['engine.resume']({});
    await until(() => slack.messages.length === 1, 'digest');
    expect(slack.messages[0]!.text + JSON.stringify(slack.messages[0]!.blocks)).toMatch(
      /Held one[\s\S]*Held two|Held two[\s\S]*Held one/,
    );
  });
});

describe('recovery of a send interrupted by a crash', () => {
  it('finds a message that reached Slack before the crash, and resends one that did not', async () => {
    const slack = await startSlackFake();
    const h = await startEngine(
      {
        version: 1,
        slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
        accounts: [],
        subscriptions: [],
      },
      { start: false },
    );
    try {
      const { engine } = h;
      // Seeded through a second connection before start, as a crash would have left them.
      const { outbox } = h.state;
      const payload = JSON.stringify({ kind: 'test', message: { text: 'crash test', blocks: [] } });
      const reached = outbox.enqueue({
        deliveryId: 'delivery-reached',
        feedId: null,
        subscriptionId: null,
        channel: 'general',
        kind: 'test',
        payload,
        at: Date.now(),
      });
      const lostInFlight = outbox.enqueue({
        deliveryId: 'delivery-lost',
        feedId: null,
        subscriptionId: null,
        channel: 'general',
        kind: 'test',
        payload,
        at: Date.now(),
      });
      // The crash happened after Slack accepted the first message but before we recorded it.
      const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
      await client.chat.postMessage({
        channel: 'general',
        text: 'crash test',
        metadata: { event_type: 'forgebell_delivery', event_payload: { delivery_id: 'delivery-reached' } },
      });
      outbox.markSending(reached);
      outbox.markSending(lostInFlight);
      await engine.start();
      await until(() => engine.status().outbox.pending === 0, 'outbox drained');
      await new Promise((r) => setTimeout(r, 500));
      const ids = slack.messages.map((m) => m.metadata?.event_payload.delivery_id);
      expect(ids.filter((id) => id === 'delivery-reached')).toHaveLength(1);
      expect(ids.filter((id) => id === 'delivery-lost')).toHaveLength(1);
      expect(outbox.get(reached)?.state).toBe('sent');
    } finally {
      await h.stop();
      await slack.close();
    }
  });
});
