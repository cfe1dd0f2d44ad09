import picomatch from 'picomatch';
import type { ChannelDigest } from '../../contract/vocabulary/people.js';
import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { PeopleDirectory } from '../people/directory.js';
import { subscriptionChannel, type Settings } from '../settings/settings-model.js';
import type { SlackMessage } from '../slack/format/block-types.js';
import { formatQueueMessage, type QueueGroup } from '../slack/format/format-queue.js';
import { pullLine, type LineContext } from '../slack/format/queue-lines.js';
import { reviewState, type QueuePull } from './queue-model.js';
import type { QueueScope, QueueView, ReposOf } from './review-queue.js';
import { openPullsUrl } from './search-urls.js';
import { viewNotes } from './todo-list.js';
import { compareInstants } from '../events/instant-order.js';

/**
 * A channel digest (docs/cli-and-config.md §5): the open pull/merge requests of its repositories — `repos` (`<account-id>:
 * <path>`, `*` patterns matched against the subscribed repositories), or, when empty, the repositories of the
 * subscriptions posting to that channel — grouped as waiting for review, changes requested, approved (not merged),
 * oldest first, each with age, author, reviewers as mentions and a stale mark.
 */

/** The defaults a channel without a `digests` entry gets for `/forgebell digest`. */
export function defaultDigest(channel: string): ChannelDigest {
  return {
    channel,
    at: '09:30',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    timeZone: 'UTC',
    repos: [],
    ignoreDrafts: true,
    staleAfterDays: 2,
  };
}

/** The stable key of a digest's once-per-day record: its channel and what it covers (editing the time keeps it). */
export function digestKey(digest: Pick<ChannelDigest, 'channel' | 'repos'>): string {
  return `channel:${digest.channel}|${[...digest.repos]
    .map((r) => r.toLowerCase())
    .sort()
    .join(',')}`;
}

const itself: ReposOf = (sub) => [sub.repo];

export function digestScopes(
  digest: ChannelDigest,
  settings: Pick<Settings, 'subscriptions' | 'slack' | 'accounts'>,
  reposOf: ReposOf = itself,
): QueueScope[] {
  const byAccount = new Map<string, Set<string>>();
  const add = (account: string, repo: string) => {
    const set = byAccount.get(account) ?? new Set<string>();
    set.add(repo);
    byAccount.set(account, set);
  };
  const subscribed = settings.subscriptions.filter((s) => s.enabled);
  if (digest.repos.length === 0) {
    for (const sub of subscribed)
      if (subscriptionChannel(sub, settings) === digest.channel)
        for (const repo of reposOf(sub)) add(sub.account, repo);
  } else {
    for (const entry of digest.repos) {
      const colon = entry.indexOf(':');
      const account = entry.slice(0, colon);
      const path = entry.slice(colon + 1);
      if (!/[*?[]/.test(path)) {
        add(account, path);
        continue;
      }
      const match = picomatch(path, { nocase: true });
      for (const sub of subscribed)
        if (sub.account === account) for (const repo of reposOf(sub)) if (match(repo)) add(account, repo);
    }
  }
  return [...byAccount].map(([account, repos]) => ({ account, repos: [...repos] }));
}

export interface DigestFormatContext {
  now: number;
  people: PeopleDirectory;
  forgeOf: (account: string) => ForgeKind | undefined;
  webUrl: (account: string) => string | null;
}

export function formatChannelDigest(digest: ChannelDigest, view: QueueView, ctx: DigestFormatContext): SlackMessage {
  const lineCtx: LineContext = {
    now: ctx.now,
    mention: (account, login) => ctx.people.mention(account, login),
    staleAfterDays: digest.staleAfterDays,
    timeZone: digest.timeZone,
    forgeOf: ctx.forgeOf,
  };
  const pulls = view.entries
    .flatMap((e) => (e.item.kind === 'pull' ? [{ account: e.account, pull: e.item }] : []))
    .filter((e) => !(digest.ignoreDrafts && e.pull.draft))
    .sort((a, b) => compareInstants(a.pull.createdAt, b.pull.createdAt));
  const group = (title: string, state: ReturnType<typeof reviewState>): QueueGroup => {
    const items = pulls.filter((e) => reviewState(e.pull.reviews) === state);
    return { title, lines: items.map((e) => pullLine(e.account, e.pull, lineCtx)), moreUrl: moreUrl(items, ctx) };
  };
  const groups = [
    group('Waiting for review', 'waiting'),
    group('Changes requested', 'changes_requested'),
    group('Approved, not merged', 'approved'),
  ];
  const counts = groups.map((g) => g.lines.length);
  const incomplete = view.limited !== null || view.unread.length > 0;
  const summary =
    pulls.length === 0
      ? `Review queue for #${digest.channel}: nothing open`
      : `Review queue for #${digest.channel}: ${counts[0]} waiting for review, ${counts[1]} with changes requested, ${counts[2]} approved`;
  return formatQueueMessage({
    title: `Review queue for #${digest.channel}`,
    summary: incomplete ? `${summary} (incomplete)` : summary,
    groups,
    empty: incomplete
      ? ':warning: The open pull/merge requests could not be read just now (see below): this is not a sign that nothing is waiting.'
      : 'Nothing open: no pull/merge request is waiting for anyone. :tada:',
    notes: [
      ...viewNotes(view),
      `:hourglass: stale = nothing happened for ${digest.staleAfterDays} working day${digest.staleAfterDays === 1 ? '' : 's'} (weekends do not count)${digest.ignoreDrafts ? '; drafts left out' : ''}.`,
    ],
  });
}

function moreUrl(items: { account: string; pull: QueuePull }[], ctx: DigestFormatContext): string | null {
  const accounts = new Set(items.map((i) => i.account));
  if (accounts.size !== 1) return null;
  const account = [...accounts][0] as string;
  const forge = ctx.forgeOf(account);
  const web = ctx.webUrl(account);
  if (!forge || !web) return null;
  return openPullsUrl(forge, web, [...new Set(items.map((i) => i.pull.repo))]);
}
