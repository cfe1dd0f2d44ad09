/**
 * `npm run bench:slack`: 1,000 notifications to 20 channels through the real outbox against the Slack fake, three
 * times: with the fake's per-channel limit equal to the engine's own pace (1 message/s, burst 3), stricter than it
 * (0.5/s, burst 2) and looser (2/s, burst 5) — Slack publishes no exact per-channel limit, so the engine cannot know
 * which one it faces. Results are read after the outbox drained and a settle time, so a late duplicate is counted.
 * Then 500 slash commands over Socket Mode, and 200 Approve clicks (docs/cli-and-config.md §4) by 20 signed-in people
 * on 10 pull requests of the GitHub fake: the ack at once, the forge call afterwards, confirmed in the thread. Prints
 * measured figures; it asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import type { EventName } from '../../electron/contract/vocabulary/event-names.js';
import { EVENT_NAMES } from '../../electron/contract/vocabulary/event-names.js';
import { feedEventFor } from '../../electron/core/engine/ingest.js';
import { sampleEvent } from '../fixtures/sample-events.js';
import { DEFAULT_GITHUB_TOKEN, startGitHubFake } from '../fakes/github/index.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { startEngine } from '../support/engine-harness.js';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 1000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 20);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 500);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 200);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3000);
const ENGINE_PACE = { perSecond: 1, burst: 3 };
const LIMITS: { label: string; limit: { perSecond: number; burst: number } }[] = [
  { label: 'fake limit = engine pace', limit: ENGINE_PACE },
  { label: 'fake stricter than the engine', limit: { perSecond: 0.5, burst: 2 } },
  { label: 'fake looser than the engine', limit: { perSecond: 2, burst: 5 } },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface DeliveryFigures {
  label: string;
  limit: { perSecond: number; burst: number };
  wallMs: number;
  theoreticalMs: number;
  delivered: number;
  lost: number;
  duplicated: number;
  lateMessages: number;
  invalidBlocks: number;
  rateLimited: number;
  failed: number;
}

async function deliveries(label: string, limit: { perSecond: number; burst: number }): Promise<DeliveryFigures> {
  const slack = await startSlackFake({ rateLimit: limit });
  const channels = Array.from({ length: CHANNELS }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
  for (const c of channels) slack.addChannel(c, { is_member: true });
  const h = await startEngine(
    {
      version: 1,
      pollIntervalSeconds: 60,
      slack: { botToken: slack.botToken, apiUrl: slack.apiUrl, defaultChannel: channels[0]! },
      accounts: [],
      subscriptions: [],
    },
    { start: false },
  );
  const { engine } = h;
  // Queue the burst exactly as ingest does (feed row, its destination and outbox row per notification, one transaction), through a
  // second connection to the engine's database before it starts: starting wakes delivery on a full outbox.
  const names = EVENT_NAMES.filter((n): n is EventName => n !== 'discussions');
  const { db, feed, outbox } = h.state;
  db.transaction(() => {
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const name = names[i % names.length]!;
      const event = {
        ...sampleEvent(name, {}, i % 2 ? 'gitlab' : 'github'),
        id: `bench:${i}:${randomUUID()}`,
        subjectKey: null,
      };
      const channel = channels[i % CHANNELS]!;
      const feedId = feed.insertEvent(feedEventFor(event));
      const outboxId = outbox.enqueue({
        deliveryId: event.id,
        feedId,
        subscriptionId: null,
        channel,
        kind: 'event',
        payload: JSON.stringify({ kind: 'event', event, threads: false, fixed: false, buttons: true }),
        at: Date.now(),
      });
      feed.addDestination(feedId, { kind: 'channel', target: channel, subscriptionId: null, fate: 'queued', outboxId });
    }
  })();
  const started = Date.now();
  await engine.start();
  const deadline = started + 15 * 60_000;
  while (engine.status().outbox.pending > 0 && Date.now() < deadline) await sleep(50);
  const wallMs = Date.now() - started;
  // Settle: anything still on its way (a retry, a late duplicate) lands before the count.
  const atDrain = slack.messages.length;
  await sleep(SETTLE_MS);
  const perChannel = Math.ceil(NOTIFICATIONS / CHANNELS);
  const ids = slack.messages.map((m) => String(m.metadata?.event_payload.delivery_id));
  const distinct = new Set(ids).size;
  const figures: DeliveryFigures = {
    label,
    limit,
    wallMs,
    theoreticalMs: (Math.max(0, perChannel - limit.burst) / limit.perSecond) * 1000,
    delivered: distinct,
    lost: NOTIFICATIONS - distinct,
    duplicated: ids.length - distinct,
    lateMessages: slack.messages.length - atDrain,
    invalidBlocks: slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && /invalid_blocks|msg_blocks_too_long|no_text/.test(c.error ?? ''),
    ).length,
    rateLimited: slack.rateLimited,
    failed: engine.status().outbox.failed,
  };
  await h.stop();
  await slack.close();
  return figures;
}

async function slashCommands(): Promise<{ acks: number[]; timedOut: number }> {
  const slack = await startSlackFake({ ackTimeoutMs: 3000 });
  const h = await startEngine({
    version: 1,
    pollIntervalSeconds: 60,
    slack: {
      botToken: slack.botToken,
      appToken: slack.appToken,
      apiUrl: slack.apiUrl,
      defaultChannel: 'general',
      commandUsers: ['U0ALICE001'],
    },
    accounts: [],
    subscriptions: [],
  });
  while (h.engine.status().slack.socket !== 'connected') await sleep(50);
  // Ack latency as Slack measures it (from sending the envelope to receiving the ack).
  const acks: number[] = [];
  let timedOut = 0;
  for (let i = 0; i < COMMANDS; i++) {
    const text = i % 3 === 0 ? 'help' : i % 3 === 1 ? 'list' : 'subscribe'; // the last one answers with usage
    const r = await slack.sendSlashCommand({ text, user_id: 'U0ALICE001', channel_id: 'C0GENERAL1' });
    if (r.timedOut) timedOut++;
    acks.push(r.ackMs ?? 3000);
  }
  await h.stop();
  await slack.close();
  return { acks, timedOut };
}

interface ClickFigures {
  acks: number[];
  timedOut: number;
  confirmed: number;
  forgeCalls: number;
  wallMs: number;
}

async function buttonClicks(): Promise<ClickFigures> {
  const slack = await startSlackFake({ ackTimeoutMs: 3000 });
  const github = await startGitHubFake({ pollIntervalSeconds: 60 });
  const repo = 'octo-org/bench';
  github.createRepo(repo);
  const people = Array.from({ length: 20 }, (_, i) => ({
    slack: `U0BENCH${String(i).padStart(3, '0')}`,
    login: `person${i}`,
    token: `gho_bench${String(i).padStart(31, '0')}`,
  }));
  for (const p of people) {
    github.addToken(p.token, { login: p.login, scopes: ['repo'] });
    slack.addUser(p.login, { id: p.slack });
  }
  for (let n = 1; n <= 10; n++) github.openPull(repo, { title: `Change ${n}`, head: `b${n}`, actor: 'carol' });
  // One card per pull request, each in its own channel (replies are paced per channel, as Slack limits them).
  const cards = Array.from({ length: 10 }, (_, i) => {
    const channel = slack.addChannel(`bench-clicks-${i + 1}`, { is_member: true });
    return { channel: channel.id, ts: slack.addUserMessage(channel.id, `card ${i + 1}`).ts };
  });
  const h = await startEngine({
    version: 1,
    pollIntervalSeconds: 60,
    slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: slack.apiUrl, defaultChannel: 'general' },
    accounts: [{ id: 'github', forge: 'github', apiUrl: github.apiUrl, token: DEFAULT_GITHUB_TOKEN }],
    subscriptions: [{ account: 'github', repo, events: ['pulls'] }],
    people: people.map((p) => ({ slack: p.slack, accounts: { github: p.login }, tokens: { github: p.token } })),
  });
  while (h.engine.status().slack.socket !== 'connected') await sleep(50);
  const acks: number[] = [];
  let timedOut = 0;
  const started = Date.now();
  for (let i = 0; i < CLICKS; i++) {
    const person = people[i % people.length]!;
    const card = cards[i % cards.length]!;
    const r = await slack.sendBlockAction({
      action_id: 'forgebell_approve',
      value: `github ${github.webUrl}/${repo}/pull/${(i % cards.length) + 1}`,
      channel_id: card.channel,
      message_ts: card.ts,
      user_id: person.slack,
    });
    if (r.timedOut) timedOut++;
    acks.push(r.ackMs ?? 3000);
  }
  const confirmedNow = (): number =>
    slack.messages.filter((m) => m.thread_ts !== undefined && m.text.includes('Approved by')).length;
  const deadline = Date.now() + 120_000;
  while (confirmedNow() < CLICKS && Date.now() < deadline) await sleep(100);
  const wallMs = Date.now() - started;
  await sleep(SETTLE_MS);
  const figures = {
    acks,
    timedOut,
    confirmed: confirmedNow(),
    forgeCalls: github.writes.filter((w) => w.path.endsWith('/reviews')).length,
    wallMs,
  };
  await h.stop();
  await Promise.all([slack.close(), github.close()]);
  return figures;
}

function describe(f: DeliveryFigures): string {
  const perChannel = Math.ceil(NOTIFICATIONS / CHANNELS);
  return [
    `${f.label}: fake ${f.limit.perSecond}/s/channel, burst ${f.limit.burst} (engine paces ${ENGINE_PACE.perSecond}/s, burst ${ENGINE_PACE.burst})`,
    `  wall time to an empty outbox: ${(f.wallMs / 1000).toFixed(2)} s`,
    `  fake's theoretical minimum:   ${(f.theoreticalMs / 1000).toFixed(2)} s  (${perChannel} per channel: ${f.limit.burst} at once, then ${f.limit.perSecond}/s)`,
    `  overhead vs that minimum:     ${(((f.wallMs - f.theoreticalMs) / f.theoreticalMs) * 100).toFixed(1)} %`,
    `  delivered ${f.delivered}, lost ${f.lost}, duplicated ${f.duplicated} (read ${SETTLE_MS / 1000} s after the outbox drained; ${f.lateMessages} arrived meanwhile), failed ${f.failed}`,
    `  429s received: ${f.rateLimited}; invalid_blocks: ${f.invalidBlocks}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const runs: DeliveryFigures[] = [];
  for (const { label, limit } of LIMITS) runs.push(await deliveries(label, limit));
  const { acks, timedOut } = await slashCommands();
  const clicks = await buttonClicks();
  const mem = process.memoryUsage();
  console.log(
    [
      `Slack delivery benchmark — ${NOTIFICATIONS} notifications to ${CHANNELS} channels`,
      ...runs.map(describe),
      `Slash commands — ${COMMANDS} over Socket Mode`,
      `  ack latency p50:      ${percentile(acks, 50).toFixed(1)} ms`,
      `  ack latency p99:      ${percentile(acks, 99).toFixed(1)} ms`,
      `  ack latency max:      ${Math.max(...acks).toFixed(1)} ms`,
      `  timed out (>3 s):     ${timedOut}`,
      `Approve clicks — ${CLICKS} over Socket Mode by 20 signed-in people on 10 pull requests in 10 channels (GitHub fake)`,
      `  ack latency p50:      ${percentile(clicks.acks, 50).toFixed(1)} ms`,
      `  ack latency p99:      ${percentile(clicks.acks, 99).toFixed(1)} ms`,
      `  ack latency max:      ${Math.max(...clicks.acks).toFixed(1)} ms`,
      `  timed out (>3 s):     ${clicks.timedOut}`,
      `  forge calls made:     ${clicks.forgeCalls}`,
      `  confirmed in threads: ${clicks.confirmed} within ${(clicks.wallMs / 1000).toFixed(1)} s of the first click (replies paced ${ENGINE_PACE.perSecond}/s per channel)`,
      `Process RSS at end: ${(mem.rss / 1024 / 1024).toFixed(0)} MB`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
