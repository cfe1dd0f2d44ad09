import { pushCommitsSchema, type GiteaActivity, type GiteaPushCommits } from './schemas.js';

/** Ops about an issue and about a pull request (content starts with the item's number). */
export const ISSUE_OPS = new Set(['create_issue', 'close_issue', 'reopen_issue', 'comment_issue']);
export const PULL_OPS = new Set([
  'create_pull_request',
  'close_pull_request',
  'reopen_pull_request',
  'merge_pull_request',
  'auto_merge_pull_request',
  'pull_request_ready_for_review',
  'approve_pull_request',
  'reject_pull_request',
  'pull_review_dismissed',
  'comment_pull',
]);
export const PUSH_OPS = new Set(['commit_repo', 'mirror_sync_push']);

/**
 * The issue/pull number and the text after it. Gitea writes `12|title` (or `12|reviewer|text` for a dismissed review);
 * newer servers may write a JSON array `["12","title"]`. Null when the content names no number.
 */
export function issueInfoOf(row: Pick<GiteaActivity, 'content'>): { number: number; text: string } | null {
  const content = row.content ?? '';
  let parts: string[];
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content) as unknown;
      parts = Array.isArray(parsed) ? parsed.map((p) => String(p)) : [];
    } catch {
      parts = [];
    }
  } else {
    const bar = content.indexOf('|');
    parts = bar < 0 ? [content] : [content.slice(0, bar), content.slice(bar + 1)];
  }
  const number = Number(parts[0]);
  return Number.isInteger(number) && number > 0 ? { number, text: parts.slice(1).join('|') } : null;
}

/** The pushed commits a commit_repo / push_tag row carries (Gitea keeps the newest few, `Len` counts all). */
export function pushCommitsOf(row: Pick<GiteaActivity, 'content'>): GiteaPushCommits | null {
  if (!row.content) return null;
  try {
    const parsed = pushCommitsSchema.safeParse(JSON.parse(row.content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `owner/repo/compare/BEFORE...AFTER` → the two shas (BEFORE is empty or all zeros for a new branch). */
export function compareRange(commits: GiteaPushCommits | null): { before: string | null; after: string | null } {
  const match = /compare\/([0-9a-f]*)\.\.\.([0-9a-f]+)/i.exec(commits?.CompareURL ?? '');
  const before = match?.[1] && !/^0+$/.test(match[1]) ? match[1] : null;
  return { before, after: match?.[2] ?? commits?.HeadCommit?.Sha1 ?? commits?.Commits?.[0]?.Sha1 ?? null };
}
