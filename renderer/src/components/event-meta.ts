import type { FeedEvent } from '../../../electron/contract/schemas.js';
import type { EventName } from '../../../electron/contract/vocabulary/event-names.js';
import type { IconName } from './Icon.js';

/** How each event name is shown: an icon and a human label (the wire name stays visible in chips). */
export const EVENT_META: Record<EventName, { icon: IconName; label: string; hint: string }> = {
  commits: { icon: 'commits', label: 'Commits', hint: 'Pushes to branches' },
  tags: { icon: 'tags', label: 'Tags', hint: 'Tags created' },
  branches: { icon: 'branches', label: 'Branches', hint: 'Branches created or deleted' },
  issues: { icon: 'issues', label: 'Issues', hint: 'Opened, closed, reopened' },
  confidential_issues: { icon: 'lock', label: 'Confidential issues', hint: 'GitLab only' },
  pulls: { icon: 'pulls', label: 'Pull/merge requests', hint: 'Opened, ready, merged, closed' },
  reviews: { icon: 'reviews', label: 'Reviews', hint: 'Reviews and approvals' },
  comments: { icon: 'comments', label: 'Comments', hint: 'Issue, PR and commit comments' },
  confidential_comments: { icon: 'lock', label: 'Confidential comments', hint: 'GitLab only' },
  pipelines: { icon: 'pipelines', label: 'Pipelines', hint: 'Workflow runs / pipelines' },
  deployments: { icon: 'deployments', label: 'Deployments', hint: 'Deployment statuses' },
  releases: { icon: 'releases', label: 'Releases', hint: 'Releases published' },
  wiki: { icon: 'wiki', label: 'Wiki', hint: 'Wiki page edits' },
  discussions: { icon: 'discussions', label: 'Discussions', hint: 'GitHub only' },
};

/** Feed rows also carry `repository`: a pattern subscription picked up, renamed or dropped a repository. */
export const FEED_EVENT_META: Record<FeedEvent, { icon: IconName; label: string; hint: string }> = {
  ...EVENT_META,
  repository: { icon: 'repository', label: 'Repository', hint: 'A pattern subscription picked up or dropped one' },
};
