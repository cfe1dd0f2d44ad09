import type { FakeCommit, FakeRepo } from './world-types.js';

/** Resolves a branch name, tag name or (abbreviated) sha to a commit sha. */
export function resolveRef(repo: FakeRepo, ref: string): string | null {
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  const branch = repo.branches.get(name);
  if (branch) return branch;
  const tag = repo.tags.get(name);
  if (tag) return tag;
  if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    for (const sha of repo.commits.keys()) if (sha.startsWith(ref.toLowerCase())) return sha;
  }
  return null;
}

export function ancestors(repo: FakeRepo, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const parent of repo.commits.get(current)?.parents ?? []) stack.push(parent);
  }
  return seen;
}

/** Commits reachable from head but not from base, oldest first (what GitHub's compare lists). */
export function compareCommits(
  repo: FakeRepo,
  baseSha: string,
  headSha: string,
): { ahead: FakeCommit[]; behindBy: number } {
  const fromBase = ancestors(repo, baseSha);
  const fromHead = ancestors(repo, headSha);
  const ahead = [...fromHead].filter((sha) => !fromBase.has(sha)).map((sha) => repo.commits.get(sha) as FakeCommit);
  ahead.sort((a, b) => a.seq - b.seq);
  const behindBy = [...fromBase].filter((sha) => !fromHead.has(sha)).length;
  return { ahead, behindBy };
}

/** The commit and its ancestors, newest first (git log order): what `GET /commits?sha=` lists. */
export function historyOf(repo: FakeRepo, sha: string): FakeCommit[] {
  return [...ancestors(repo, sha)].map((s) => repo.commits.get(s) as FakeCommit).sort((a, b) => b.seq - a.seq);
}
