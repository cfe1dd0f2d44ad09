import type { NotifyReason } from '../../contract/vocabulary/people.js';

/**
 * A signed-in person's own inbox on a forge (GitHub `/notifications`, GitLab To-Do items), read with that person's
 * token only. Its items map onto the reasons of docs/cli-and-config.md §4 and name their subject the way events do
 * (dm-key.ts), so one DM results whichever source saw it first.
 */
export interface InboxItem {
  reason: NotifyReason;
  /** owner/name or group/subgroup/project */
  repo: string;
  repoUrl: string;
  subject: string;
  qualifier: string | null;
  title: string;
  url: string;
  number: number | null;
  actor: string | null;
  /** When the forge last updated the thread or to-do (ms). */
  at: number;
  /**
   * Whether the events of a subscribed repository bring this same notice (a review request, an assignment, a
   * mention of the person by name …), so the inbox adds nothing for it there; false for what only the inbox knows
   * (a team mention, a GitLab approval rule, a failed GitLab pipeline).
   */
  eventsSee: boolean;
}

export type InboxCursor = Record<string, unknown>;

export interface InboxRead {
  items: InboxItem[];
  cursor: InboxCursor;
  /**
   * Whether the inbox changed since the last read: a thread or to-do that is new or updated (a GitHub 304 is
   * unchanged; so is the first read, which only sets the position).
   */
  changed: boolean;
  /** The forge's minimum interval (GitHub X-Poll-Interval), seconds. */
  minIntervalSeconds?: number;
  requests: { total: number; billable: number };
}

export interface PersonalInbox {
  /** Reads what is new since `cursor` (null: the first read, which notifies nothing older than `since`). */
  read(cursor: InboxCursor | null, since: number): Promise<InboxRead>;
}
