import type { ForkPull } from './cursor.js';
import type { FeedEntry } from './feed-entry.js';
import type { RunData } from './schemas.js';

/**
 * Pull requests from forks, matched to their workflow runs. GitHub leaves a fork's pull request out of a run's
 * `pull_requests[]`, so a failed run could not put `x` on that pull request's thread parent. The repository's events
 * feed, read anyway, names each pull request's head when it is opened, reopened or pushed to (synchronize): the head
 * commit, branch and repository of the open fork pull requests are kept in the repository's cursor (durable, bounded)
 * and a run of that very commit, branch and repository is taken as checking that pull request. No request is made.
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
    pulls = pulls.filter((f) => f.number !== number);
    pulls.push({ number, sha: sha.toLowerCase(), branch: text(pull?.head?.ref), repo: headRepo });
  }
  return pulls.slice(-MAX_FORK_PULLS);
}

/**
 * The fork pull requests a run checked (`pull:7`): same head commit, and the same branch and head repository where
 * the run names them. None when the run lists pull requests of its own (then it is not a fork's).
 */
export function forkPullsOf(run: RunData, forks: readonly ForkPull[] | undefined): string[] {
  const sha = run.head_sha?.toLowerCase();
  if (!sha || !forks?.length || (run.pull_requests ?? []).length > 0) return [];
  const branch = run.head_branch ?? null;
  const headRepo = run.head_repository?.full_name?.toLowerCase() ?? null;
  return forks
    .filter(
      (f) =>
        f.sha === sha &&
        (branch === null || f.branch === null || f.branch === branch) &&
        (headRepo === null || f.repo.toLowerCase() === headRepo),
    )
    .map((f) => `pull:${f.number}`);
}
