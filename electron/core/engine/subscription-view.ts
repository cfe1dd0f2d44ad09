import type { ChannelProblem, PatternState, Subscription } from '../../contract/schemas.js';
import { describeRepoPattern, parseRepoPattern } from '../../contract/vocabulary/repo-pattern.js';
import type { AccountPollState } from '../forges/poll-scheduler.js';
import type { Settings, StoredSubscription } from '../settings/settings-model.js';
import type { PatternListing, PatternMember } from '../state/pattern-store.js';
import { followedBy } from './pattern-membership.js';

/** A subscription as the UI shows it: its forge, when it last heard something, and why it may not work. */
export function subscriptionView(
  s: StoredSubscription,
  deps: {
    settings: Settings;
    pollState: (accountId: string) => AccountPollState | undefined;
    lastEventAt: (subscriptionId: string) => string | null;
    /** Pattern subscriptions' members and listings (absent: not listed yet). */
    patterns?: {
      members(subscriptionId: string): readonly PatternMember[];
      listing(subscriptionId: string): PatternListing | null;
    };
    /** What is known to be wrong with a channel (it is missing, archived, or without the bot), or null. */
    channelProblem?: (channel: string) => ChannelProblem | null;
  },
): Subscription {
  const account = deps.settings.accounts.find((a) => a.id === s.account);
  const pattern = parseRepoPattern(s.repo);
  let state: PatternState | null = null;
  if (pattern) {
    const listing = deps.patterns?.listing(s.id) ?? null;
    const listed = listing !== null && listing.listedAt > 0;
    state = {
      description: describeRepoPattern(pattern, account?.forge ?? null),
      members: listed ? followedBy(s, deps.patterns?.members(s.id) ?? []).length : null,
      listedAt: listed ? new Date(listing.listedAt).toISOString() : null,
      warning: listing?.warning ?? null,
    };
  }
  const channelProblems = deps.channelProblem
    ? channelsOf(s, deps.settings).flatMap((c) => {
        const problem = deps.channelProblem?.(c);
        return problem ? [problem] : [];
      })
    : [];
  return {
    ...s,
    channel: s.channel ?? null,
    forge: account?.forge ?? null,
    pattern: state,
    lastEventAt: deps.lastEventAt(s.id),
    error: !account
      ? `Account "${s.account}" does not exist.`
      : !account.token
        ? `Account "${s.account}" has no token.`
        : (deps.pollState(s.account)?.error ?? null),
    ...(channelProblems.length ? { channelProblems } : {}),
  };
}

/** Every channel a subscription may post to: its channel (or the default) and its per-event channels. */
export function channelsOf(sub: Pick<StoredSubscription, 'channel' | 'channels'>, settings: Settings): string[] {
  const main = sub.channel ?? settings.slack.defaultChannel;
  return [...new Set([...(main ? [main] : []), ...Object.values(sub.channels)])].filter(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
}
