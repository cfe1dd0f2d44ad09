import type { FixPlace } from '../../contract/vocabulary/delivery-errors.js';
import type { EventName } from '../../contract/vocabulary/event-names.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { FailedDelivery, FailedStore } from '../state/failed-store.js';
import type { DeliveryQueuePort } from './delivery-queue.js';

/** Failed deliveries that share a cause: one "Retry all (N)" and one "Dismiss" each. */
export interface FailureGroup {
  code: string | null;
  count: number;
  reason: string;
  fix: string | null;
  fixAt: FixPlace | null;
  /** The channels (or people) they were for, each once. */
  targets: string[];
}

/** Which failed deliveries: all, those of one cause (`code` null = no known cause), one event, one destination. */
export interface FailedSelection {
  code?: string | null;
  feedId?: number;
  destinationId?: number;
  subscriptionId?: string;
}

export interface FailedDeliveriesDeps {
  store: Pick<FailedStore, 'list' | 'payloadOf' | 'readdress'>;
  queue: DeliveryQueuePort;
  clock: Clock;
  logger: Logger;
}

/**
 * Failures fixed in one place: they are grouped by cause (the error code), sent again all at once — by the user
 * ("Retry all"), or by the engine as soon as the cause is fixed (a bot token that works again, a subscription pointed
 * at another channel) — or dismissed, so the failed count says what is really still failed. Every change is one
 * queue write (outbox rows and their feed destinations together).
 */
export class FailedDeliveries {
  constructor(private readonly deps: FailedDeliveriesDeps) {}

  groups(): FailureGroup[] {
    const byCode = new Map<string, FailureGroup>();
    for (const f of this.deps.store.list()) {
      const key = f.code ?? '';
      const group = byCode.get(key);
      if (group) {
        group.count++;
        if (!group.targets.includes(f.target)) group.targets.push(f.target);
        continue;
      }
      byCode.set(key, {
        code: f.code,
        count: 1,
        reason: f.reason ?? 'Slack refused the message.',
        fix: f.fix,
        fixAt: f.fixAt,
        targets: [f.target],
      });
    }
    return [...byCode.values()].sort((a, b) => b.count - a.count);
  }

  /** Sends the selected failures again; returns how many. */
  retry(selection: FailedSelection, reason = 'retry requested'): number {
    return this.requeue(this.select(selection), reason);
  }

  private requeue(chosen: readonly FailedDelivery[], reason: string): number {
    if (chosen.length === 0) return 0;
    const now = this.deps.clock.now();
    this.deps.queue.write((w) => {
      for (const f of chosen) {
        w.requeue(f.outboxId, now);
        if (f.destinationId !== null) w.updateDestination(f.destinationId, { fate: 'queued', reason });
      }
    });
    return chosen.length;
  }

  /** Gives up on the selected failures: they are not sent and no longer count as failed. Returns how many. */
  dismiss(selection: FailedSelection): number {
    const chosen = this.select(selection);
    if (chosen.length === 0) return 0;
    this.deps.queue.write((w) => {
      w.setOutboxState(
        chosen.map((f) => f.outboxId),
        'dropped',
      );
      for (const f of chosen)
        if (f.destinationId !== null)
          w.updateDestination(f.destinationId, { fate: 'dropped', reason: 'dismissed: not sent' });
    });
    return chosen.length;
  }

  /** The cause of these failures was fixed (`why`): send them again. Returns how many. */
  resendFixed(keep: (f: FailedDelivery) => boolean, why: string): number {
    const resent = this.requeue(this.deps.store.list().filter(keep), `sent again: ${why}`);
    if (resent > 0) this.deps.logger.info(`sent ${resent} failed deliveries again: ${why}`);
    return resent;
  }

  /**
   * A subscription now points elsewhere: its deliveries that failed because of their channel go to the channel it
   * would pick now (`targetOf` the event's name; null for a test message), and are sent again. Returns how many.
   */
  readdress(
    subscriptionId: string,
    channelCodes: readonly string[],
    targetOf: (event: EventName | null) => string | null,
  ): number {
    const moved: FailedDelivery[] = [];
    for (const f of this.deps.store.list({ subscriptionId })) {
      if (!f.code || !channelCodes.includes(f.code)) continue;
      const target = targetOf(eventNameIn(this.deps.store.payloadOf(f.outboxId)));
      if (!target || target === f.target) continue;
      moved.push({ ...f, target });
    }
    if (moved.length === 0) return 0;
    const now = this.deps.clock.now();
    this.deps.queue.write((w) => {
      for (const f of moved) {
        this.deps.store.readdress(f, f.target);
        w.requeue(f.outboxId, now);
        if (f.destinationId !== null)
          w.updateDestination(f.destinationId, { fate: 'queued', reason: `sent again to #${f.target}` });
      }
    });
    this.deps.logger.info(`sent ${moved.length} failed deliveries again to the subscription's new channel`);
    return moved.length;
  }

  private select(s: FailedSelection): FailedDelivery[] {
    const list = this.deps.store.list({
      ...(s.feedId !== undefined ? { feedId: s.feedId } : {}),
      ...(s.destinationId !== undefined ? { destinationId: s.destinationId } : {}),
      ...(s.subscriptionId !== undefined ? { subscriptionId: s.subscriptionId } : {}),
    });
    return s.code === undefined ? list : list.filter((f) => f.code === s.code);
  }
}

function eventNameIn(payload: string | null): EventName | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload) as { kind?: string; event?: { event?: EventName } };
    return parsed.kind === 'event' ? (parsed.event?.event ?? null) : null;
  } catch {
    return null;
  }
}
