import picomatch from 'picomatch/posix.js';
import { characterClassProblem, PICOMATCH_OPTIONS, toPicomatch } from './branch-glob.js';
import type { ForgeKind } from './forges.js';

/**
 * Whole organisations and groups (docs/cli-and-config.md §6): a subscription's `repo` may be a pattern instead of one
 * repository, and `excludeRepos` globs leave some of its repositories out. The one grammar the config file, the app,
 * `/forgebell subscribe` and the engine share:
 *
 *   owner/*         every repository of a GitHub or Gitea organisation or user; the projects directly in a GitLab group
 *   group/sub/*     the projects directly in a GitLab subgroup
 *   group/**        the projects of a GitLab group and all its subgroups
 *
 * Only the last part may be a wildcard, and only a whole `*` or `**`. Exclusions are globs over the full path,
 * case-insensitive like the forges' paths: `*` within one part, `**` as a whole part for any depth, `?`, `[0-9]`.
 */
export interface RepoPattern {
  /** The organisation, user or (sub)group, as written. */
  owner: string;
  /** `**`: the group's subgroups too (GitLab only). */
  subgroups: boolean;
}

/** Whether `repo` is meant as a pattern (it has a wildcard), valid or not. */
export function isRepoPattern(repo: string): boolean {
  return /[*?[\]]/.test(repo);
}

/** The pattern, or null when `repo` is not a valid one (see repoPatternProblem for why). */
export function parseRepoPattern(repo: string): RepoPattern | null {
  const match = /^([^\s*?[\]]+?)\/(\*\*?)$/.exec(repo.trim());
  if (!match) return null;
  const owner = match[1] as string;
  if (owner.split('/').some((part) => part.length === 0)) return null;
  return { owner, subgroups: match[2] === '**' };
}

/**
 * What is wrong with `repo` as a pattern on an account of `forge` (null: it is fine). Only called for repos with a
 * wildcard; `forge` null when the account is unknown (the shape alone is checked).
 */
export function repoPatternProblem(repo: string, forge: ForgeKind | null): string | null {
  const pattern = parseRepoPattern(repo);
  if (!pattern) {
    return /\/\*\*?$/.test(repo.trim())
      ? `"${repo}" is not a pattern Forgebell understands: write owner/* (GitHub, Gitea) or group/* or group/** (GitLab)`
      : `only the last part may be a wildcard, and only "*" or "**" (write "${ownerBeforeWildcard(repo)}/*" and leave repositories out with excludeRepos)`;
  }
  if (forge === null) return null;
  if (forge !== 'gitlab' && pattern.subgroups)
    return `"**" (subgroups) is for GitLab groups; on ${forge === 'github' ? 'GitHub' : 'Gitea'} write ${pattern.owner}/*`;
  if (forge !== 'gitlab' && pattern.owner.includes('/'))
    return `on ${forge === 'github' ? 'GitHub' : 'Gitea'} a pattern is an organisation or user: owner/*`;
  return null;
}

function ownerBeforeWildcard(repo: string): string {
  const parts = repo.trim().split('/');
  const first = parts.findIndex((part) => /[*?[\]]/.test(part));
  return parts.slice(0, Math.max(1, first)).join('/') || 'owner';
}

/** What is wrong with one `excludeRepos` entry (null: it is fine). */
export function excludeGlobProblem(raw: string): string | null {
  const glob = raw.trim();
  if (glob.length === 0) return 'empty entry: write a repository path or a glob such as octo-org/legacy-*';
  if (/\s/.test(glob)) return 'repository paths cannot contain spaces';
  if (!glob.includes('/'))
    return `write the full path with its owner, for example ${glob === '*' ? 'octo-org/*' : `octo-org/${glob}`}`;
  if (glob.startsWith('/') || glob.endsWith('/')) return 'cannot start or end with "/"';
  if (glob.includes('//')) return 'has an empty part ("//")';
  const classProblem = characterClassProblem(glob);
  if (classProblem) return classProblem;
  if (/\*{3,}/.test(glob)) return 'use "*" (one part) or "**" (any depth), not "***"';
  if (glob.split('/').some((part) => part.includes('**') && part !== '**'))
    return 'write "**" as a whole part (group/**/legacy-*); within a part, "*" matches any characters';
  return null;
}

/** A case-insensitive matcher for one exclusion; an invalid entry matches only the path it spells. */
export function compileExcludeGlob(raw: string): (path: string) => boolean {
  const glob = raw.trim().toLowerCase();
  if (excludeGlobProblem(glob) !== null || !/[*?[]/.test(glob)) return (path) => path.toLowerCase() === glob;
  let re: RegExp;
  try {
    re = picomatch.makeRe(toPicomatch(glob), PICOMATCH_OPTIONS);
  } catch {
    return (path) => path.toLowerCase() === glob;
  }
  return (path) => re.test(path.toLowerCase());
}

/** Whether any of `excludes` leaves `path` out (compiled matchers are kept for the globs seen last). */
export function isExcluded(excludes: readonly string[], path: string): boolean {
  return excludes.some((glob) => excludeMatcher(glob)(path));
}

const MATCHER_CACHE_LIMIT = 256;
const matchers = new Map<string, (path: string) => boolean>();

function excludeMatcher(glob: string): (path: string) => boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    matcher = compileExcludeGlob(glob);
    if (matchers.size >= MATCHER_CACHE_LIMIT) matchers.delete(matchers.keys().next().value as string);
    matchers.set(glob, matcher);
  }
  return matcher;
}

/** Whether `path` belongs to the pattern's owner: directly, or (with `**`) in a subgroup of it. */
export function patternCovers(pattern: RepoPattern, path: string): boolean {
  const owner = pattern.owner.toLowerCase();
  const lower = path.toLowerCase();
  if (!lower.startsWith(`${owner}/`)) return false;
  const rest = lower.slice(owner.length + 1);
  return rest.length > 0 && (pattern.subgroups || !rest.includes('/'));
}

/** How the UI, Slack and the feed name a pattern: "every repository of octo-org", "every project in group and its subgroups". */
export function describeRepoPattern(pattern: RepoPattern, forge: ForgeKind | null): string {
  if (forge === 'gitlab' || pattern.subgroups)
    return pattern.subgroups
      ? `every project in ${pattern.owner} and its subgroups`
      : `every project directly in ${pattern.owner}`;
  return `every repository of ${pattern.owner}`;
}
