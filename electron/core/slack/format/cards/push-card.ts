import type { CommitSummary, ForgeEvent } from '../../../events/forge-event.js';
import { type Card, emptyCard } from '../card.js';
import { branchLink, plural, rawActor, who } from '../card-parts.js';
import { commitUrl, shortSha } from '../forge-links.js';
import { cleanText, clipLine, escapeTruncated, link, truncate } from '../mrkdwn.js';

/** Commits listed on a push card; the rest are counted in "…and N more". */
export const PUSH_COMMITS_SHOWN = 10;

function commitLine(event: ForgeEvent, commit: CommitSummary): string {
  const sha = clipLine(commit.sha, 80);
  const url = commit.url || (sha ? commitUrl(event, sha) : '');
  const shaLink = sha ? link(url, shortSha(event, sha)) : '';
  const title = escapeTruncated(clipLine(commit.title.slice(0, 1000).split('\n', 1)[0] ?? '', 120), 120);
  const author = escapeTruncated(clipLine(commit.author, 60), 60);
  return `${shaLink} ${title}${author ? ` — ${author}` : ''}`.trim();
}

/** Card for `commits` (pushes): up to 10 `sha title — author` lines, "…and N more", a compare link. */
export function pushCard(event: ForgeEvent): Card {
  const push = event.details.kind === 'push' ? event.details : null;
  if (push?.refCount !== undefined && push.refCount > 0) {
    // A bulk push (GitLab): how many branches, not which ones or their commits.
    const branches = plural(push.refCount, 'branch', 'branches');
    return emptyCard(
      ':arrow_heading_up:',
      `${who(event)} pushed to ${link(event.url, branches)}`,
      `${rawActor(event)} pushed to ${branches}`,
    );
  }
  const commits = push?.commits ?? [];
  const total = Math.max(Number.isFinite(push?.totalCommits) ? (push?.totalCommits ?? 0) : 0, commits.length);
  const branch = event.branch ? cleanText(event.branch).trim() : '';
  const what = total > 0 ? `pushed ${plural(total, 'commit')}` : 'pushed';
  const headline = `${who(event)} ${what}${branch ? ` to ${branchLink(event, branch)}` : ''}`;
  const card = emptyCard(
    ':arrow_heading_up:',
    headline,
    `${rawActor(event)} ${what}${branch ? ` to ${truncate(branch, 100)}` : ''}`,
  );
  const shown = commits.slice(0, PUSH_COMMITS_SHOWN);
  if (shown.length > 0 || total > 0) {
    card.list = { title: '', items: shown.map((c) => commitLine(event, c)), hidden: Math.max(0, total - shown.length) };
  }
  const compare = push?.compareUrl ? link(push.compareUrl, 'Compare changes') : '';
  card.context = [compare.startsWith('<') ? `:mag: ${compare}` : ''];
  return card;
}
