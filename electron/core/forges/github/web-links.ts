import { isRepoPath } from '../repo-path.js';

/** A web URL on this account's GitHub host that a link preview can describe. */
export type GitHubLink =
  | { kind: 'issue' | 'pull'; repo: string; number: number }
  | { kind: 'commit'; repo: string; sha: string }
  | { kind: 'run'; repo: string; runId: number };

const PATTERNS: { re: RegExp; make(repo: string, value: string): GitHubLink }[] = [
  { re: /^issues\/(\d+)$/, make: (repo, n) => ({ kind: 'issue', repo, number: Number(n) }) },
  {
    re: /^pulls?\/(\d+)(?:\/(?:files|commits|checks)(?:\/.*)?)?$/,
    make: (repo, n) => ({ kind: 'pull', repo, number: Number(n) }),
  },
  { re: /^commit\/([0-9a-f]{7,40})$/i, make: (repo, sha) => ({ kind: 'commit', repo, sha }) },
  { re: /^pull\/\d+\/commits\/([0-9a-f]{7,40})$/i, make: (repo, sha) => ({ kind: 'commit', repo, sha }) },
  {
    re: /^actions\/runs\/(\d+)(?:\/(?:job|attempts)\/\d+)?$/,
    make: (repo, id) => ({ kind: 'run', repo, runId: Number(id) }),
  },
];

/** Parses issue, pull request, commit and Actions run URLs on `webUrl`; null for anything else. */
export function parseGitHubLink(url: string, webUrl: string): GitHubLink | null {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(webUrl);
  } catch {
    return null;
  }
  if (parsed.origin.toLowerCase() !== base.origin.toLowerCase()) return null;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!parsed.pathname.startsWith(`${basePath}/`)) return null;
  const [owner, name, ...rest] = parsed.pathname
    .slice(basePath.length + 1)
    .replace(/\/+$/, '')
    .split('/');
  if (!owner || !name || rest.length === 0) return null;
  let repo: string;
  try {
    repo = `${decodeURIComponent(owner)}/${decodeURIComponent(name)}`;
  } catch {
    return null; // bad percent-encoding: not a link to anything
  }
  if (!isRepoPath(repo)) return null;
  const tail = rest.join('/');
  for (const pattern of PATTERNS) {
    const match = pattern.re.exec(tail);
    if (match?.[1]) return pattern.make(repo, match[1]);
  }
  return null;
}
