import type { NotifyReason } from '../../contract/vocabulary/people.js';

/**
 * One DM per person, subject and reason, whichever source saw it first (docs/cli-and-config.md §4). Both sources — the
 * events of subscribed repositories and the person's own inbox — compute this key the same way from what they know:
 * the account, the repository path, the subject (`issue:12`, `pull:7` on GitHub and Gitea, `mr:3` on GitLab,
 * `pipeline:<branch>` for failed runs) and the reason, plus the reviewer for `my_pulls_reviewed` (a second reviewer
 * is news). The same key again is news only after its window: a re-request the next day, another failure later.
 */
export interface DmSubject {
  /** The person's Slack user ID. */
  slack: string;
  account: string;
  /** owner/name or group/subgroup/project (compared case-insensitively). */
  repo: string;
  subject: string;
  reason: NotifyReason;
  qualifier: string | null;
}

const HOUR = 3_600_000;
/** How long one key stays spent. */
export const DM_WINDOW_MS: Readonly<Record<NotifyReason, number>> = {
  review_requested: 12 * HOUR,
  mentioned: 12 * HOUR,
  assigned: 12 * HOUR,
  my_pulls_reviewed: 12 * HOUR,
  my_pulls_merged: 12 * HOUR,
  my_pipelines_failed: HOUR / 2,
};

export function dmKey(s: DmSubject): string {
  return ['dm', s.slack, s.account, s.repo.toLowerCase(), s.subject, s.reason, (s.qualifier ?? '').toLowerCase()].join(
    '|',
  );
}

/** The subject of a pipeline DM: its branch (GitHub's inbox and GitLab's To-Do items name no run id). */
export function pipelineSubject(branch: string | null): string {
  return `pipeline:${branch ?? '?'}`;
}
