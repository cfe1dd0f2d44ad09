import type { ForkPull } from './cursor.js';
import type { FeedEntry } from './feed-entry.js';
import type { RunData } from './schemas.js';

/**
 * Pull requests from forks, matched to their workflow runs. GitHub leaves a fork's pull request out of a run's
 * `pull_requests[]`, so a failed run could not put `x` on that pull request's thread parent. The repository's events
 * feed, read anyway, names each pull request's head when it is opened or reopened (and pushed to, where a feed says
 * `synchronize`: GitHub's events API does not): the head commit, branch and repository of the open fork pull requests
 * are kept in the repository's cursor (durable, bounded). A run of the same head repository and branch (a later push to
 * the fork moves the commit, not those), or of the same head commit where the run does not name its head repository,
 * is taken as checking that pull request. No request is made.
 */

/** How many open fork pull requests a repository remembers (the most recently active). */
const MAX_FORK_PULLS = 50;
const SHA = /^[0-9a-f]{40}$/i;
const HEAD_MOVES = new Set(['opened', 'reopened', 'synchronize']);

interface HeadRepo {
  name?: unknown;
  full_name?: unknown;
}

interface ThinPull {
  number?: unknown;
  head?: { sha?: unknown; ref?: unknown; repo?: HeadRepo | null };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The open fork pull requests after this poll's feed entries (oldest first): heads moved, closed ones dropped. */
export function trackForkPulls(
  previous: readonly ForkPull[] | undefined,
  fresh: readonly FeedEntry[],
  repo: string,
): ForkPull[] {
  let pulls = [...(previous ?? [])];
  for (const entry of fresh) {
    if (entry.type !== 'PullRequestEvent') continue;
    const p = entry.payload;
    const pull = p.pull_request as ThinPull | undefined;
    const number = typeof p.number === 'number' ? p.number : typeof pull?.number === 'number' ? pull.number : null;
    if (number === null || typeof p.action !== 'string') continue;
    if (p.action === 'closed') {
      pulls = pulls.filter((f) => f.number !== number);
      continue;
    }
    if (!HEAD_MOVES.has(p.action)) continue;
    const sha = text(pull?.head?.sha);
    // Events API: the thin repository's `name` is owner/name; a full pull request object has `full_name`.
    const headRepo = text(pull?.head?.repo?.full_name) ?? text(pull?.head?.repo?.name);
    if (!sha || !SHA.test(sha) || !headRepo || !headRepo.includes('/')) continue;
    if (headRepo.toLowerCase() === (entry.repo?.name ?? repo).toLowerCase()) continue;
    const branch = text(pull?.head?.ref);
    // One open pull request per fork branch: an older one of the same head whose closing was missed goes.
    pulls = pulls.filter((f) => f.number !== number && !(f.repo === headRepo && f.branch === branch));
    pulls.push({ number, sha: sha.toLowerCase(), branch, repo: headRepo });
  }
  return pulls.slice(-MAX_FORK_PULLS);
}

/**
 * The fork pull requests a run checked (`pull:7`): the same head repository and branch; or, where the run does not
 * name its head repository, the same head commit (and branch, where both say). None when the run lists pull requests
 * of its own (then it is not a fork's).
 */
export function forkPullsOf(run: RunData, forks: readonly ForkPull[] | undefined): string[] {
  if (!forks?.length || (run.pull_requests ?? []).length > 0) return [];
  const sha = run.head_sha?.toLowerCase() ?? null;
  const branch = run.head_branch ?? null;
  const headRepo = run.head_repository?.full_name?.toLowerCase() ?? null;
  return forks
    .filter((f) =>
      headRepo !== null
        ? f.repo.toLowerCase() === headRepo && branch !== null && f.branch === branch
        : sha !== null && f.sha === sha && (branch === null || f.branch === null || f.branch === branch),
    )
    .map((f) => `pull:${f.number}`);
}
