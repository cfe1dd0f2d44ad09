import type { ForgeKind } from '../../contract/vocabulary/forges.js';
import type { PeopleDirectory } from '../people/directory.js';
import type { Settings, StoredPerson } from '../settings/settings-model.js';
import type { SlackMessage } from '../slack/format/block-types.js';
import { formatQueueMessage, type QueueGroup } from '../slack/format/format-queue.js';
import { issueLine, ownPullLine, reviewRequestLine, type LineContext } from '../slack/format/queue-lines.js';
import type { QueueIssue, QueuePull } from './queue-model.js';
import type { QueueView, ReposOf, ReviewQueue } from './review-queue.js';
import { personSearchUrl, type PersonList } from './search-urls.js';
import { compareInstants } from '../events/instant-order.js';

/**
 * `/forgebell todo` and the personal digest (docs/cli-and-config.md §5): for one person, across every account they
 * are linked on (no token needed), the reviews asked of them (directly or through a team the forge says they are in),
 * their own open pull/merge requests with their state, and the issues assigned to them — from the review queue of the
 * repositories subscribed on those accounts.
 */

export interface TodoDeps {
  settings: () => Pick<Settings, 'accounts' | 'subscriptions'>;
  people: () => PeopleDirectory;
  queue: Pick<ReviewQueue, 'view' | 'teamMembers'>;
  webUrl: (account: string) => string | null;
  now: () => number;
  /** The repositories a subscription follows now (a pattern's members); default: its `repo`. */
  reposOf?: ReposOf;
}

export interface TodoList {
  person: StoredPerson;
  reviews: { account: string; pull: QueuePull; via: string | null }[];
  mine: { account: string; pull: QueuePull }[];
  assigned: { account: string; item: QueueIssue }[];
  view: QueueView;
}

const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

/** Null when the Slack user is not a person (not linked on any account). */
export async function buildTodo(deps: TodoDeps, slack: string): Promise<TodoList | null> {
  const person = deps.people().bySlack(slack);
  if (!person) return null;
  const settings = deps.settings();
  const linked = Object.entries(person.accounts).filter(([account]) => settings.accounts.some((a) => a.id === account));
  const scopes = linked.map(([account]) => ({
    account,
    repos: settings.subscriptions
      .filter((s) => s.account === account && s.enabled)
      .flatMap((s) => (deps.reposOf ? deps.reposOf(s) : [s.repo])),
  }));
  const view = await deps.queue.view(scopes);
  const list: TodoList = { person, reviews: [], mine: [], assigned: [], view };
  for (const { account, item } of view.entries) {
    const login = person.accounts[account];
    if (!login) continue;
    if (item.kind === 'issue') {
      if (item.assignees.some((a) => same(a, login))) list.assigned.push({ account, item });
      continue;
    }
    if (same(item.author, login)) {
      list.mine.push({ account, pull: item });
      continue;
    }
    if (item.reviewers.some((r) => same(r, login))) {
      list.reviews.push({ account, pull: item, via: null });
      continue;
    }
    for (const team of item.teams) {
      const members = await deps.queue.teamMembers(account, team);
      if (members?.has(login.toLowerCase())) {
        list.reviews.push({ account, pull: item, via: team });
        break;
      }
    }
  }
  const oldestFirst = (a: { createdAt: string }, b: { createdAt: string }) => compareInstants(a.createdAt, b.createdAt);
  list.reviews.sort((a, b) => oldestFirst(a.pull, b.pull));
  list.mine.sort((a, b) => oldestFirst(a.pull, b.pull));
  list.assigned.sort((a, b) => oldestFirst(a.item, b.item));
  return list;
}

export function todoCount(list: TodoList): number {
  return list.reviews.length + list.mine.length + list.assigned.length;
}

/** Notes every queue message carries: what was left out and why, and a limit that stopped a read. */
export function viewNotes(view: QueueView): string[] {
  const notes = [...view.notes];
  if (view.limited)
    notes.unshift(
      `:warning: Not everything could be read just now (${view.limited}); this list may be incomplete. It is read again next time.`,
    );
  if (view.unread.length > 0)
    notes.unshift(
      `:warning: ${view.unread.length} repositor${view.unread.length === 1 ? 'y has' : 'ies have'} not been read yet (${view.unread.slice(0, 5).join(', ')}${view.unread.length > 5 ? ', …' : ''}): they are not in this list.`,
    );
  return notes;
}

export function formatTodo(
  list: TodoList,
  ctx: {
    now: number;
    forgeOf: (account: string) => ForgeKind | undefined;
    webUrl: (account: string) => string | null;
    mention: LineContext['mention'];
    title?: string;
  },
): SlackMessage {
  const lineCtx: LineContext = {
    now: ctx.now,
    mention: ctx.mention,
    staleAfterDays: 2,
    timeZone: list.person.timeZone,
    forgeOf: ctx.forgeOf,
  };
  const accounts = Object.keys(list.person.accounts);
  const more = (kind: PersonList): string | null => {
    if (accounts.length !== 1) return null;
    const account = accounts[0] as string;
    const forge = ctx.forgeOf(account);
    const web = ctx.webUrl(account);
    const login = list.person.accounts[account];
    return forge && web && login ? personSearchUrl(forge, web, login, kind) : null;
  };
  const groups: QueueGroup[] = [
    {
      title: 'Reviews requested from you',
      lines: list.reviews.map((r) => reviewRequestLine(r.account, r.pull, r.via, lineCtx)),
      moreUrl: more('review_requested'),
    },
    {
      title: 'Your open pull/merge requests',
      lines: list.mine.map((m) => ownPullLine(m.account, m.pull, lineCtx)),
      moreUrl: more('authored'),
    },
    {
      title: 'Issues assigned to you',
      lines: list.assigned.map((a) => issueLine(a.account, a.item, lineCtx)),
      moreUrl: more('assigned'),
    },
  ];
  const incomplete = list.view.limited !== null || list.view.unread.length > 0;
  const summary = `${list.reviews.length} review${list.reviews.length === 1 ? '' : 's'} requested, ${list.mine.length} of your pull/merge requests open, ${list.assigned.length} issue${list.assigned.length === 1 ? '' : 's'} assigned`;
  return formatQueueMessage({
    title: ctx.title ?? 'Your review queue',
    summary: incomplete ? `${summary} (incomplete: some repositories could not be read)` : summary,
    groups,
    empty: incomplete
      ? ':warning: Nothing could be listed: the forge could not be read just now (see below). Try again in a few minutes.'
      : 'Nothing waiting for you: no reviews requested, no open pull/merge requests of yours, no issues assigned. :tada:',
    notes: viewNotes(list.view),
  });
}
