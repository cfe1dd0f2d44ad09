import type { ForgeKind } from '../../../../electron/contract/vocabulary/forges.js';
import {
  describeRepoPattern,
  isRepoPattern,
  parseRepoPattern,
} from '../../../../electron/contract/vocabulary/repo-pattern.js';

/** One choice of the repository picker: a repository, or a whole organisation / group (a pattern). */
export interface RepoOption {
  value: string;
  /** For patterns: "Every repository of octo-org (12 listed)". */
  label: string;
  pattern: boolean;
}

const MAX_OWNERS = 6;

/** The owners (GitHub/Gitea) or groups and subgroups (GitLab) of the listed repositories, with how many each has. */
function ownersOf(repos: readonly string[], forge: ForgeKind | null): Map<string, { direct: number; all: number }> {
  const owners = new Map<string, { direct: number; all: number }>();
  for (const repo of repos) {
    const parts = repo.split('/');
    const levels = forge === 'gitlab' ? parts.length - 1 : 1;
    for (let i = 1; i <= levels; i++) {
      const owner = parts.slice(0, i).join('/');
      const counts = owners.get(owner) ?? { direct: 0, all: 0 };
      counts.all++;
      if (i === parts.length - 1) counts.direct++;
      owners.set(owner, counts);
    }
  }
  return owners;
}

/**
 * The picker's choices for what the user typed: first whole organisations / groups that match it ("every repository
 * of octo-org"; on GitLab also "every project in group and its subgroups"), then the repositories. Typing `octo-org/*`
 * or `group/**` offers exactly that pattern, listed or not.
 */
export function repoOptions(repos: readonly string[], query: string, forge: ForgeKind | null): RepoOption[] {
  const q = query.trim().toLowerCase();
  const patterns: RepoOption[] = [];
  const add = (value: string, count: number | null): void => {
    const pattern = parseRepoPattern(value);
    if (!pattern || patterns.some((p) => p.value.toLowerCase() === value.toLowerCase())) return;
    const described = describeRepoPattern(pattern, forge);
    const label = `${described[0]?.toUpperCase()}${described.slice(1)}${count !== null ? ` (${count} listed)` : ''}`;
    patterns.push({ value, label, pattern: true });
  };
  if (isRepoPattern(q)) add(query.trim(), null);
  const owners = ownersOf(repos, forge);
  const ownerQuery = q.replace(/\/\*{0,2}$/, '');
  const matching = [...owners.entries()]
    .filter(([owner]) => ownerQuery === '' || owner.toLowerCase().includes(ownerQuery))
    .sort((a, b) => b[1].all - a[1].all || a[0].localeCompare(b[0]))
    .slice(0, MAX_OWNERS);
  for (const [owner, counts] of matching) {
    if (forge === 'gitlab') {
      add(`${owner}/**`, counts.all);
      if (counts.direct > 0 && counts.direct < counts.all) add(`${owner}/*`, counts.direct);
    } else add(`${owner}/*`, counts.all);
  }
  const listed = repos
    .filter((repo) => q === '' || isRepoPattern(q) || repo.toLowerCase().includes(q))
    .map((repo) => ({ value: repo, label: repo, pattern: false }));
  return [...patterns, ...listed];
}
