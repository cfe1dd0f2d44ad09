import { randomBytes, randomUUID } from 'node:crypto';

/** Generators for Slack-shaped identifiers (ts, trigger ids, envelope ids…), deterministic in shape only. */
export class FakeIds {
  private lastTsMicros = 0;
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** Message ts: "seconds.micros", strictly increasing like Slack's. */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const rest = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${rest}`;
  }

  /** Slack style id: prefix + 10 upper-case alphanumerics. */
  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}0${String(this.counter).padStart(4, '0')}${randomBytes(3).toString('hex').toUpperCase()}`;
  }

  triggerId(): string {
    this.counter += 1;
    return `${1_000_000 + this.counter}.${Math.floor(this.now() / 1000)}.${randomBytes(16).toString('hex')}`;
  }

  envelopeId(): string {
    return randomUUID();
  }

  secret(): string {
    return randomBytes(12).toString('hex');
  }
}
