import type { ForgeKind } from '../../contract/vocabulary/forges.js';

/**
 * The forge's own lists of what a person is waiting on, for "…and 37 more" when a message cannot hold everything
 * (docs/cli-and-config.md §5). GitHub and GHES: the issue search; GitLab: the dashboard lists; Gitea: its dashboard.
 */
export type PersonList = 'review_requested' | 'authored' | 'assigned';

export function personSearchUrl(forge: ForgeKind, webUrl: string, login: string, list: PersonList): string | null {
  const base = webUrl.replace(/\/+$/, '');
  if (forge === 'github') {
    const q = {
      review_requested: `is:pr is:open review-requested:${login}`,
      authored: `is:pr is:open author:${login}`,
      assigned: `is:issue is:open assignee:${login}`,
    }[list];
    return `${base}/search?q=${encodeURIComponent(q)}&type=${list === 'assigned' ? 'issues' : 'pullrequests'}`;
  }
  if (forge === 'gitlab') {
    const user = encodeURIComponent(login);
    return {
      review_requested: `${base}/dashboard/merge_requests?reviewer_username=${user}`,
      authored: `${base}/dashboard/merge_requests?author_username=${user}`,
      assigned: `${base}/dashboard/issues?assignee_username=${user}`,
    }[list];
  }
  return {
    review_requested: `${base}/pulls?type=review_requested`,
    authored: `${base}/pulls?type=your_repositories`,
    assigned: `${base}/issues?type=assigned`,
  }[list];
}

/** Longest search address built (Slack links hold 2,000 characters at most, browsers more). */
const MAX_SEARCH_URL = 1800;

/** The open pull/merge requests of some repositories on the forge (a channel digest's "…and N more"). */
export function openPullsUrl(forge: ForgeKind, webUrl: string, repos: readonly string[]): string | null {
  const base = webUrl.replace(/\/+$/, '');
  if (repos.length === 1) {
    const repo = repos[0] as string;
    return forge === 'gitlab' ? `${base}/${repo}/-/merge_requests?state=opened` : `${base}/${repo}/pulls`;
  }
  if (forge === 'github') {
    const url = (terms: string[]) =>
      `${base}/search?q=${encodeURIComponent(['is:pr', 'is:open', ...terms].join(' '))}&type=pullrequests`;
    const byRepo = url(repos.map((r) => `repo:${r}`));
    if (byRepo.length <= MAX_SEARCH_URL) return byRepo;
    // Too many repositories for one address: their owners instead (a little wider, never narrower).
    const byOwner = url([...new Set(repos.map((r) => r.split('/')[0] ?? r))].map((o) => `org:${o}`));
    return byOwner.length <= MAX_SEARCH_URL ? byOwner : null;
  }
  return null;
}
