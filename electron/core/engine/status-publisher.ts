import type { Status } from '../../contract/schemas.js';
import type { Clock } from '../runtime/clock.js';
import type { Pusher } from './push-bus.js';

/** Coalescing window for bursts of status changes (a poll cycle's accounts, a batch of deliveries). */
const SOON_MS = 200;

/** The port of collaborators whose state shows in the status. */
export interface StatusChanged {
  /** Push the status now (a user-visible change such as pause or a Slack error). */
  now(): void;
  /** Push the status once after a burst of changes. */
  soon(): void;
}

/** Pushes the status: at once, or coalesced when changes come in bursts. */
export class StatusPublisher implements StatusChanged {
  private timer: { cancel(): void } | null = null;

  constructor(private readonly deps: { clock: Clock; pusher: Pusher; build: () => Status; available: () => boolean }) {}

  now(): void {
    if (this.deps.available()) this.deps.pusher.push('status', this.deps.build());
  }

  soon(): void {
    if (this.timer) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.now();
    }, SOON_MS);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
