/**
 * `npm run bench:slack`: 1,000 notifications to 20 channels through the real outbox against the Slack fake
 * enforcing 1 message/second/channel with a burst of 3; then 500 slash commands over Socket Mode.
 * Prints measured figures; it asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import type { EventName } from '../../electron/contract/vocabulary/event-names.js';
import { EVENT_NAMES } from '../../electron/contract/vocabulary/event-names.js';
import { feedItemFor } from '../../electron/core/engine/ingest.js';
import { sampleEvent } from '../fixtures/sample-events.js';
import { startSlackFake } from '../fakes/slack/index.js';
import { startEngine } from '../support/engine-harness.js';

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 1000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 20);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 500);
const PER_SECOND = 1;
const BURST = 3;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const slack = await startSlackFake({ rateLimit: { perSecond: PER_SECOND, burst: BURST }, ackTimeoutMs: 3000 });
  const channels = Array.from({ length: CHANNELS }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
  for (const c of channels) slack.addChannel(c, { is_member: true });
  const h = await startEngine(
    {
      version: 1,
      pollIntervalSeconds: 60,
      slack: {
        botToken: slack.botToken,
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        defaultChannel: channels[0]!,
        commandUsers: ['U0ALICE001'],
      },
      accounts: [],
      subscriptions: [],
    },
    { start: false },
  );
  const { engine } = h;

  // Queue the burst exactly as ingest does (feed row + outbox row per notification, one transaction), through a
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
      const feedId = feed.insert(feedItemFor(event, null, 'queued', null, channel));
      outbox.enqueue({
        deliveryId: event.id,
        feedId,
        subscriptionId: null,
        channel,
        kind: 'event',
        payload: JSON.stringify({ kind: 'event', event, threads: false, fixed: false, buttons: true }),
        at: Date.now(),
      });
    }
  })();
  const started = Date.now();
  await engine.start();
  const deadline = started + 10 * 60_000;
  while (slack.messages.length < NOTIFICATIONS && engine.status().outbox.failed === 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const wallMs = Date.now() - started;

  const perChannel = Math.ceil(NOTIFICATIONS / CHANNELS);
  const theoreticalMs = (Math.max(0, perChannel - BURST) / PER_SECOND) * 1000;
  const ids = slack.messages.map((m) => String(m.metadata?.event_payload.delivery_id));
  const duplicated = ids.length - new Set(ids).size;
  const lost = NOTIFICATIONS - new Set(ids).size;
  const invalidBlocks = slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && /invalid_blocks|msg_blocks_too_long|no_text/.test(c.error ?? ''),
  ).length;

  // Slash commands: ack latency as Slack measures it (from sending the envelope to receiving the ack).
  const acks: number[] = [];
  let timedOut = 0;
  for (let i = 0; i < COMMANDS; i++) {
    const text = i % 3 === 0 ? 'help' : i % 3 === 1 ? 'list' : 'subscribe'; // the last one answers with usage
    const r = await slack.sendSlashCommand({ text, user_id: 'U0ALICE001', channel_id: 'C0GENERAL1' });
    if (r.timedOut) timedOut++;
    acks.push(r.ackMs ?? 3000);
  }

  const mem = process.memoryUsage();
  console.log(
    [
      `Slack delivery benchmark — ${NOTIFICATIONS} notifications to ${CHANNELS} channels, fake limit ${PER_SECOND}/s/channel, burst ${BURST}`,
      `  wall time:            ${(wallMs / 1000).toFixed(2)} s`,
      `  theoretical minimum:  ${(theoreticalMs / 1000).toFixed(2)} s  (${perChannel} per channel: ${BURST} at once, then ${PER_SECOND}/s)`,
      `  overhead vs minimum:  ${(((wallMs - theoreticalMs) / theoreticalMs) * 100).toFixed(1)} %`,
      `  delivered:            ${new Set(ids).size}`,
      `  lost:                 ${lost}`,
      `  duplicated:           ${duplicated}`,
      `  invalid_blocks:       ${invalidBlocks}`,
      `  429s received:        ${slack.rateLimited}`,
      `Slash commands — ${COMMANDS} over Socket Mode`,
      `  ack latency p50:      ${percentile(acks, 50).toFixed(1)} ms`,
      `  ack latency p99:      ${percentile(acks, 99).toFixed(1)} ms`,
      `  ack latency max:      ${Math.max(...acks).toFixed(1)} ms`,
      `  timed out (>3 s):     ${timedOut}`,
      `Process RSS at end: ${(mem.rss / 1024 / 1024).toFixed(0)} MB`,
    ].join('\n'),
  );
  await h.stop();
  await slack.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
