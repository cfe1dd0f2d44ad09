import type { QueueIssue, QueuePull } from './queue-model.js';

/**
 * What a forge adapter offers the review queue (optional on ForgeAdapter): read the open pull/merge requests and
 * assigned open issues of many repositories cheaply (GitHub: one GraphQL request for several repositories), and
 * re-read single items an event marked dirty. Nothing here changes anything on the forge.
 */
export interface QueueRequests {
  total: number;
  billable: number;
  /** GraphQL points spent (GitHub's rateLimit.cost), when the forge reports them. */
  points: number;
}

export type RepoQueueRead =
  | { repo: string; ok: true; pulls: QueuePull[]; issues: QueueIssue[] }
  /** `gone`: the repository no longer exists or the token lost it (left out, with a note). */
  | { repo: string; ok: false; gone: boolean; message: string };

export interface ItemRef {
  repo: string;
  /** GitLab numbers merge requests and issues apart; GitHub together (either kind reads the same). */
  kind: 'pull' | 'issue';
  number: number;
}

export type ItemRead =
  | { ref: ItemRef; item: QueuePull | QueueIssue }
  /** Closed, merged, deleted or unassigned: no longer in the queue. */
  | { ref: ItemRef; item: null }
  /** Could not be read now (kept dirty, read again next time). */
  | { ref: ItemRef; error: string };

export interface ReviewQueueSource {
  readRepos(repos: readonly string[], requests: QueueRequests): Promise<RepoQueueRead[]>;
  readItems(refs: readonly ItemRef[], requests: QueueRequests): Promise<ItemRead[]>;
  /** Logins of a team (`org/slug`), for "asked through a team"; null when the forge cannot say. */
  teamMembers?(team: string, requests: QueueRequests): Promise<string[] | null>;
}

/** The forge refused for its rate limit: the queue keeps what it has and says it is waiting. */
export class QueueRateLimited extends Error {
  constructor(
    message: string,
    readonly resetAt: string | null,
  ) {
    super(message);
    this.name = 'QueueRateLimited';
  }
}
