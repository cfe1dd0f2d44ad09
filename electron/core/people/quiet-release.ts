import type { DeliveryQueuePort } from '../engine/delivery-queue.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { DmSummaryPayload } from '../slack/delivery/delivery-service.js';
import type { OutboxRow } from '../state/outbox-store.js';
import type { PeopleDirectory } from './directory.js';
import type { DmPayload } from './personal-notifier.js';
import { isQuiet } from './quiet-hours.js';

/** How often held DMs are checked: quiet hours end at a minute boundary, so the summary leaves within 60 s. */
export const QUIET_CHECK_MS = 30_000;

export interface QuietReleaseDeps {
  clock: Clock;
  logger: Logger;
  queue: DeliveryQueuePort;
  people: () => PeopleDirectory;
  /** A person's held DMs went out (as one summary, or one DM when there was one): the owner's desktop hears of it. */
  onReleased?: (slack: string, count: number) => void;
  /** The release could not be written (full disk…): reported, tried again at the next check. */
  onError: (error: unknown) => void;
}

/**
 * Ends quiet hours: DMs kept for a person (outbox rows `quiet`, addressed to their Slack user ID) become ONE summary
 * DM listing each item with its link — or the DM itself when only one was held — in one queue transaction, checked
 * every 30 s and at start. The held rows are durable and the summary's delivery id is made from the rows it covers,
 * so a restart or a crash at any point neither loses a held item nor sends a summary twice.
 */
export class QuietRelease {
  private timer: { cancel(): void } | null = null;

  constructor(private readonly deps: QuietReleaseDeps) {}

  start(): void {
    this.tick(0);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private tick(ms: number): void {
    this.timer = this.deps.clock.setTimeout(() => {
      try {
        this.releaseDue();
      } catch (error) {
        this.deps.onError(error);
      }
      this.tick(QUIET_CHECK_MS);
    }, ms);
  }

  /** Releases the held DMs of everyone whose quiet hours are over; returns how many DMs went back to the queue. */
  releaseDue(): number {
    const now = this.deps.clock.now();
    const people = this.deps.people();
    const released: { slack: string; count: number }[] = [];
    this.deps.queue.write((w) => {
      const byPerson = new Map<string, OutboxRow[]>();
      for (const row of w.quiet()) byPerson.set(row.channel, [...(byPerson.get(row.channel) ?? []), row]);
      for (const [slack, rows] of byPerson) {
        const person = people.bySlack(slack);
        if (person && isQuiet(now, person)) continue;
        released.push({ slack, count: rows.length });
        if (rows.length === 1) {
          const [row] = rows as [OutboxRow];
          w.requeue(row.id, now);
          w.updateDelivery(row.id, { fate: 'queued', reason: 'quiet hours are over' });
          continue;
        }
        const feedIds = rows.flatMap((r) => (r.feedId === null ? [] : [r.feedId]));
        const payload: DmSummaryPayload = {
          kind: 'dm-summary',
          notices: rows.map((r) => (JSON.parse(r.payload) as DmPayload).notice),
          feedIds,
          outboxIds: rows.map((r) => r.id),
        };
        w.enqueue({
          deliveryId: `dm-summary|${slack}|${rows[0]?.id}-${rows.at(-1)?.id}-${rows.length}`,
          feedId: null,
          subscriptionId: null,
          channel: slack,
          kind: 'dm-summary',
          payload: JSON.stringify(payload),
          at: now,
        });
        w.setOutboxState(
          rows.map((r) => r.id),
          'summarised',
        );
        for (const r of rows)
          w.updateDelivery(r.id, { fate: 'queued', reason: 'in the summary for the end of quiet hours' });
      }
    });
    for (const r of released) {
      this.deps.logger.info(`quiet hours over: ${r.count} held DM(s) released`, { slack: r.slack });
      this.deps.onReleased?.(r.slack, r.count);
    }
    return released.reduce((sum, r) => sum + r.count, 0);
  }
}
