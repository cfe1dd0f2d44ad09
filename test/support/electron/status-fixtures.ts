import type { FeedDestination, FeedItem, Status, Subscription } from '../../../electron/contract/schemas.js';

/** Builders for contract data used by the shell's unit tests. */
export function makeStatus(patch: Partial<Status> = {}, slack: Partial<Status['slack']> = {}): Status {
  return {
    version: '0.1.0',
    mode: 'desktop',
    slack: {
      mode: 'bot',
      socket: 'connected',
      socketError: null,
      team: 'Acme',
      botUser: 'forgebell',
      error: null,
      ...slack,
    },
    accounts: [],
    subscriptions: { total: 0, enabled: 0 },
    paused: null,
    outbox: { pending: 0, failed: 0 },
    unread: 0,
    ...patch,
  };
}

export function makeSubscription(id: string, repo: string, patch: Partial<Subscription> = {}): Subscription {
  return {
    id,
    account: 'github',
    forge: 'github',
    repo,
    enabled: true,
    events: ['issues'],
    channel: 'dev',
    channels: {},
    branches: 'default',
    labels: { include: [], exclude: [], match: 'any' },
    onlyBrokenPipelines: true,
    drafts: false,
    threads: true,
    mentions: true,
    reactions: true,
    actors: { bots: true, exclude: [], only: [] },
    createdAt: '2025-01-01T00:00:00.000Z',
    lastEventAt: null,
    error: null,
    ...patch,
  };
}

export function makeAccount(
  id: string,
  state: Status['accounts'][number]['state'],
  patch: Partial<Status['accounts'][number]> = {},
): Status['accounts'][number] {
  return {
    id,
    forge: 'github',
    apiUrl: 'https://api.github.com',
    login: 'octo',
    state,
    error: null,
    rateLimit: null,
    lastPollAt: null,
    ...patch,
  };
}

export function makeDestination(patch: Partial<FeedDestination> = {}): FeedDestination {
  return {
    id: 1,
    kind: 'channel',
    target: 'dev',
    subscriptionId: 's1',
    fate: 'delivered',
    reason: null,
    fix: null,
    fixAt: null,
    errorCode: null,
    error: null,
    slackLink: null,
    nextAttemptAt: null,
    ...patch,
  };
}

/** A feed item with one destination whose fate is the item's (pass `destinations` for more). */
export function makeFeedItem(
  id: number,
  patch: Partial<FeedItem> = {},
  destination: Partial<FeedDestination> = {},
): FeedItem {
  const fate = patch.fate ?? 'delivered';
  return {
    id,
    eventId: `e${id}`,
    event: 'issues',
    action: 'opened',
    forge: 'github',
    repo: 'octo/hello',
    actor: 'mona',
    summary: `Issue #${id} opened`,
    url: `https://github.com/octo/hello/issues/${id}`,
    createdAt: '2025-01-01T00:00:00.000Z',
    fate,
    destinations: [makeDestination({ id, fate, ...destination })],
    ...patch,
  };
}
