import type { ForgeEvent } from '../../events/forge-event.js';
import { checksPassed } from '../../events/pipeline-outcome.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { isPullLike } from '../format/forge-links.js';
import { subjectState } from '../format/subject-state.js';

/** The state reactions of thread parents (docs/cli-and-config.md §4 "State reactions"), one at a time per parent. */
export const STATE_REACTIONS = ['white_check_mark', 'large_purple_circle', 'no_entry_sign', 'x'] as const;
export type StateReaction = (typeof STATE_REACTIONS)[number];

/** A run/pipeline passed: clears `x` where the lane put it, and changes nothing else. */
export const CHECKS_PASSED = 'checks_passed' as const;

/**
 * The reaction an event leaves on its thread parent: merged, closed without merge, approved, checks failed; null
 * when the state has none any more (reopened, changes requested after an approval); undefined: no change.
 */
export function stateReactionFor(event: ForgeEvent): StateReaction | null | undefined | typeof CHECKS_PASSED {
  if (event.event === 'reviews' && event.details.kind === 'review') {
    const state = event.details.state.toLowerCase();
    if (state === 'approved') return 'white_check_mark';
    if (state === 'changes_requested' || state === 'unapproved' || state === 'dismissed') return null;
    return undefined;
  }
  if (event.event === 'pipelines' && event.details.kind === 'pipeline') {
    const status = (event.details.status || event.action).toLowerCase();
    if (status === 'failed' || status === 'failure' || status === 'timed_out') return 'x';
    // Checks passing again: the `x` goes (the lane leaves any other state reaction alone).
    if (checksPassed(status) || status === 'fixed' || event.action === 'fixed') return CHECKS_PASSED;
    return undefined;
  }
  if (event.event !== 'pulls' && event.event !== 'issues' && event.event !== 'confidential_issues') return undefined;
  const state = subjectState(event);
  if (state === 'merged') return 'large_purple_circle';
  if (state === 'closed') return 'no_entry_sign';
  const action = event.action.toLowerCase();
  // Opening leaves nothing to change; reopening (or new commits after failed checks) clears the old state.
  if (action === 'reopened' || (isPullLike(event) && action === 'synchronize')) return null;
  return undefined;
}

/** reactions.add / reactions.remove with the bot token; errors carry Slack's code (`already_reacted`, `no_reaction`). */
export interface ReactionsApi {
  add(channel: string, ts: string, name: string): Promise<void>;
  remove(channel: string, ts: string, name: string): Promise<void>;
}

export interface ReactionLaneDeps {
  api: () => ReactionsApi | null;
  clock: Clock;
  logger: Logger;
  /** Attempts per change before it is given up (logged); default 3. */
  maxAttempts?: number;
}

interface Parent {
  channelId: string;
  ts: string;
}

/** Slack's error code of a failed Web API call (`already_reacted`, `no_reaction`, `ratelimited` …). */
function slackCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : '';
}

/**
 * The reactions lane: state reactions on thread parents, apart from delivery (never awaited by it, so a failed or slow
 * reaction delays no message). Per parent the latest wanted state wins; a change removes the other state reactions
 * (`no_reaction` is a normal answer) and adds the new one (`already_reacted` too), retried a bounded number of times.
 */
export class ReactionLane {
  private readonly wanted = new Map<string, { parent: Parent; reaction: StateReaction | null }>();
  /** What this process put on each parent (unknown after a restart: then every other state reaction is removed). */
  private readonly applied = new Map<string, StateReaction | null>();
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: ReactionLaneDeps) {}

  follow(parent: Parent, event: ForgeEvent): void {
    const wanted = stateReactionFor(event);
    if (wanted === undefined || this.stopped) return;
    const key = `${parent.channelId}|${parent.ts}`;
    let reaction: StateReaction | null;
    if (wanted === CHECKS_PASSED) {
      // Only an `x` this process put (or is about to put) goes; approved/merged/closed stay.
      const current = this.wanted.get(key)?.reaction ?? this.applied.get(key);
      if (current !== 'x') return;
      reaction = null;
    } else reaction = wanted;
    this.wanted.set(key, { parent, reaction });
    if (!this.running.has(key)) void this.run(key);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Settles one parent: until what is applied is what is wanted (a newer wish during the calls is picked up). */
  private async run(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (;;) {
        const wish = this.wanted.get(key);
        if (!wish || this.stopped || this.applied.get(key) === wish.reaction) return;
        const ok = await this.apply(key, wish.parent, wish.reaction);
        if (this.wanted.get(key) === wish) {
          this.wanted.delete(key);
          if (!ok) return;
        }
      }
    } finally {
      this.running.delete(key);
    }
  }

  private async apply(key: string, parent: Parent, reaction: StateReaction | null): Promise<boolean> {
    const max = this.deps.maxAttempts ?? 3;
    for (let attempt = 1; attempt <= max; attempt++) {
      const api = this.deps.api();
      if (!api) return false;
      try {
        const known = this.applied.get(key);
        const remove =
          known === undefined
            ? STATE_REACTIONS.filter((r) => r !== reaction)
            : known && known !== reaction
              ? [known]
              : [];
        for (const name of remove)
          await api.remove(parent.channelId, parent.ts, name).catch((error: unknown) => {
            if (slackCode(error) !== 'no_reaction') throw error;
          });
        if (reaction)
          await api.add(parent.channelId, parent.ts, reaction).catch((error: unknown) => {
            if (slackCode(error) !== 'already_reacted') throw error;
          });
        this.applied.set(key, reaction);
        return true;
      } catch (error) {
        const code = slackCode(error);
        this.applied.delete(key);
        if (
          attempt === max ||
          ['missing_scope', 'message_not_found', 'channel_not_found', 'not_in_channel'].includes(code)
        ) {
          this.deps.logger.warn(
            `a state reaction could not be set (${code || (error as Error).message}); left as it is`,
            {
              channel: parent.channelId,
              ts: parent.ts,
            },
          );
          return false;
        }
        await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, 1000 * 4 ** (attempt - 1)));
      }
    }
    return false;
  }
}
