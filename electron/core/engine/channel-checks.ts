import type { ChannelVerdict } from '../slack/connection/channel-check.js';

/** A problem of one channel a subscription posts to, in words, with the fix. */
export interface ChannelProblem {
  channel: string;
  problem: string;
  fix: string;
}

export interface ChannelChecksDeps {
  /** Checks channels against Slack (one listing), or null when there is no bot token to ask with. */
  check(channels: readonly string[]): Promise<Map<string, ChannelVerdict>> | null;
  /** What is known changed: show the subscriptions again. */
  onChange(): void;
}

/**
 * What is known about each channel subscriptions post to: checked when a subscription is saved and when the engine
 * connects to Slack, and kept current by what deliveries find (a delivered message proves the channel works; a
 * channel error proves it does not). A broken channel marks only the subscriptions that use it, never Slack as a whole.
 */
export class ChannelChecks {
  private readonly known = new Map<string, ChannelProblem | null>();

  constructor(private readonly deps: ChannelChecksDeps) {}

  /** The problem of a channel, or null when it works or nothing is known. */
  problem(channel: string): ChannelProblem | null {
    return this.known.get(channel.replace(/^#/, '')) ?? null;
  }

  /** Checks channels now; resolves with their problems (an empty map when Slack cannot be asked). */
  async check(channels: readonly string[]): Promise<Map<string, ChannelProblem | null>> {
    const names = [...new Set(channels.map((c) => c.replace(/^#/, '')).filter((c) => c && !c.startsWith('(')))];
    const result = new Map<string, ChannelProblem | null>();
    const asked = names.length ? this.deps.check(names) : null;
    if (!asked) return result;
    const verdicts = await asked;
    let changed = false;
    for (const [name, v] of verdicts) {
      if (v.state === 'unknown') continue;
      const problem = v.state === 'ok' ? null : { channel: name, problem: v.problem, fix: v.fix };
      result.set(name, problem);
      changed = this.set(name, problem) || changed;
    }
    if (changed) this.deps.onChange();
    return result;
  }

  /** A message reached the channel. */
  delivered(channel: string): void {
    if (this.set(channel, null)) this.deps.onChange();
  }

  /** A delivery failed because of the channel. */
  failed(channel: string, problem: string, fix: string | null): void {
    const name = channel.replace(/^#/, '');
    if (this.set(name, { channel: name, problem, fix: fix ?? 'Choose another channel for the subscription.' }))
      this.deps.onChange();
  }

  /** Another bot token or workspace: nothing known holds any more. */
  forget(): void {
    if (this.known.size === 0) return;
    this.known.clear();
    this.deps.onChange();
  }

  /** Records what is known; true when what the UI shows changes. */
  private set(channel: string, problem: ChannelProblem | null): boolean {
    const name = channel.replace(/^#/, '');
    const before = this.known.get(name) ?? null;
    this.known.set(name, problem);
    return JSON.stringify(before) !== JSON.stringify(problem);
  }
}
