import { randomUUID } from 'node:crypto';
import type { Status } from '../../contract/schemas.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { DeliveryQueuePort } from './delivery-queue.js';

export type PauseMode = 'hold' | 'drop';

export interface PauseControlDeps {
  clock: Clock;
  logger: Logger;
  queue: DeliveryQueuePort;
  /** The pause state changed: push the status. */
  onChange: () => void;
  /** A resume that could not be written (full disk…): reported as an engine problem, retried by the next resume. */
  onError: (error: unknown) => void;
}

/**
 * "Pause notifications" (tray, app): while paused, new events are held for a digest or dropped. Ending the pause —
 * by hand or when `until` passes — turns the held rows into one digest per channel, in one queue transaction.
 */
export class PauseControl {
  private paused: { until: string | null; mode: PauseMode } | null = null;
  private timer: { cancel(): void } | null = null;

  constructor(private readonly deps: PauseControlDeps) {}

  state(): Status['paused'] {
    return this.paused ? { until: this.paused.until, mode: this.paused.mode } : null;
  }

  /** The pause in force now (read by ingest inside its transaction: never writes). */
  active(): { mode: PauseMode } | null {
    if (!this.paused) return null;
    if (this.paused.until && Date.parse(this.paused.until) <= this.deps.clock.now()) {
      // Past its end: ingest treats it as over; the resume itself runs outside the caller's transaction.
      this.schedule(0);
      return null;
    }
    return { mode: this.paused.mode };
  }

  pause(until: string | null, mode: PauseMode): void {
    this.paused = { until, mode };
    this.timer?.cancel();
    this.timer = null;
    if (until) this.schedule(Math.max(0, Date.parse(until) - this.deps.clock.now()));
    this.deps.logger.info(
      `notifications paused${until ? ` until ${until}` : ''} (${mode === 'hold' ? 'held for a digest' : 'dropped'})`,
    );
    this.deps.onChange();
  }

  /** Ends a pause: held events go out as one digest per channel. Throws when the digest cannot be written. */
  resume(): void {
    if (!this.paused) return;
    this.timer?.cancel();
    this.timer = null;
    let heldCount = 0;
    let channels = 0;
    const now = this.deps.clock.now();
    this.deps.queue.write((w) => {
      const held = w.held();
      heldCount = held.length;
      const byChannel = new Map<string, typeof held>();
      for (const row of held) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
      channels = byChannel.size;
      for (const [channel, rows] of byChannel) {
        const events = rows
          .map((r) => JSON.parse(r.payload) as { kind: string; event?: unknown })
          .flatMap((p) => (p.kind === 'event' && p.event ? [p.event] : []));
        w.enqueue({
          deliveryId: `digest|${randomUUID()}`,
          feedId: null,
          subscriptionId: null,
          channel,
          kind: 'digest',
          payload: JSON.stringify({ kind: 'digest', events }),
          at: now,
        });
        w.setOutboxState(
          rows.map((r) => r.id),
          'sent',
        );
        for (const r of rows)
          w.updateDelivery(r.id, { fate: 'delivered', reason: 'in the digest sent when notifications resumed' });
      }
    });
    // Only a committed digest ends the pause: a failed write keeps the events held for the next try.
    this.paused = null;
    this.deps.logger.info(
      `notifications resumed${heldCount ? `; ${heldCount} held events sent as ${channels} digest(s)` : ''}`,
    );
    this.deps.onChange();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      try {
        this.resume();
      } catch (error) {
        this.deps.onError(error);
      }
    }, ms);
  }
}
